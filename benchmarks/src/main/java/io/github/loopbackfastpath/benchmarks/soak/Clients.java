package io.github.loopbackfastpath.benchmarks.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.unix.UnixRoute;
import io.github.loopbackfastpath.unix.UnixSocketTransport;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One client application: its auto-configured builders make a WebClient (Reactor Netty
 * only), a RestClient and a RestTemplate for each server.
 */
final class Clients {

	/** A request that takes longer than this failed; no request can hang the soak. */
	static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ConfigurableApplicationContext context;

	private final List<Target> targets = new ArrayList<>();

	private Clients(ClientFactory factory, ConfigurableApplicationContext context, Servers servers) {
		this.context = context;
		for (Servers.Endpoint server : servers.endpoints()) {
			String suffix = "/" + factory.property + "→" + server.label();
			if (factory == ClientFactory.REACTOR) {
				WebClient webClient = context.getBean(WebClient.Builder.class).baseUrl(server.baseUrl()).build();
				this.targets.add(new Target("webclient" + suffix,
						(close) -> webClient.get()
							.uri("/ping")
							.headers((headers) -> connection(headers, close))
							.retrieve()
							.bodyToMono(String.class)
							.block(TIMEOUT)));
			}
			RestClient restClient = context.getBean(RestClient.Builder.class).baseUrl(server.baseUrl()).build();
			this.targets.add(new Target("restclient" + suffix,
					(close) -> restClient.get()
						.uri("/ping")
						.headers((headers) -> connection(headers, close))
						.retrieve()
						.body(String.class)));
			RestTemplate restTemplate = context.getBean(RestTemplateBuilder.class).rootUri(server.baseUrl()).build();
			this.targets.add(new Target("resttemplate" + suffix, (close) -> {
				HttpHeaders headers = new HttpHeaders();
				connection(headers, close);
				return restTemplate.exchange("/ping", HttpMethod.GET, new HttpEntity<>(headers), String.class)
					.getBody();
			}));
		}
	}

	/**
	 * Starts a client application.
	 * @param factory the library under RestClient and RestTemplate
	 * @param servers the servers to send to
	 * @param sidecar the Unix socket that requests to the Reactor Netty server's port are
	 * routed to (falling back to that server over TCP while the socket is missing)
	 */
	static Clients start(ClientFactory factory, Servers servers, UnixSidecar sidecar) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SoakClientApplication.class)
			.web(WebApplicationType.NONE)
			.properties("loopback.fastpath.unix.routes." + servers.nettyPort() + "=" + sidecar.socket(),
					"loopback.fastpath.unix.on-unavailable=tcp", "loopback.fastpath.enabled=true",
					"spring.main.banner-mode=off", "spring.jmx.enabled=false", "logging.level.root=WARN",
					"spring.http.clients.imperative.factory=" + factory.property,
					"spring.http.clients.reactive.connector=reactor", "spring.http.clients.connect-timeout=5s",
					"spring.http.clients.read-timeout=" + TIMEOUT.toSeconds() + "s")
			.run();
		return new Clients(factory, context, servers);
	}

	private static void connection(HttpHeaders headers, boolean close) {
		if (close) {
			headers.set(HttpHeaders.CONNECTION, "close");
		}
	}

	List<Target> targets() {
		return this.targets;
	}

	/** The Unix-socket route's counts so far: connections, fallbacks, failures. */
	long[] route() {
		long[] counts = new long[3];
		for (UnixRoute route : this.context.getBean(UnixSocketTransport.class).routes().values()) {
			counts[0] += route.connections();
			counts[1] += route.fallbacks();
			counts[2] += route.failures();
		}
		return counts;
	}

	void close(SoakMain.Totals into) {
		FastPathOutcomes outcomes = this.context.getBean(FastPathOutcomes.class);
		long[] route = route();
		this.context.close();
		into.add(outcomes);
		into.addRoute(route);
	}

}
