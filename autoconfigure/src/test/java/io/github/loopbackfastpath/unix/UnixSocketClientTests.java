package io.github.loopbackfastpath.unix;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.UnixSidecar;
import io.github.loopbackfastpath.test.UnixSockets;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The auto-configured clients follow a route to a sidecar that listens only on a Unix
 * socket (nothing listens on the TCP port, so a request that is answered took the
 * socket), on every client library Spring Boot can pick, with IPv4, IPv6 and
 * {@code localhost} URLs.
 */
@EnabledIfUnixDomainSockets
class UnixSocketClientTests {

	private static final int REQUESTS = 5;

	private static final int CLOSED_CONNECTIONS = 200;

	private static final int DESCRIPTOR_ALLOWANCE = 20;

	@TempDir
	Path dir;

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "[::1]", "localhost" })
	void webClientOnReactorNettyReachesTheUnixOnlySidecar(String host) throws Exception {
		assertRoutedAndPooled(host, "spring.http.clients.reactive.connector=reactor", (context) -> {
			WebClient client = context.getBean(WebClient.Builder.class).build();
			return (url) -> client.get().uri(url).retrieve().bodyToMono(String.class).block();
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "[::1]", "localhost" })
	void restClientOnApacheHttpClientReachesTheUnixOnlySidecar(String host) throws Exception {
		assertRoutedAndPooled(host, "spring.http.clients.imperative.factory=http-components", (context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			return (url) -> client.get().uri(url).retrieve().body(String.class);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "[::1]", "localhost" })
	void restClientOnReactorNettyReachesTheUnixOnlySidecar(String host) throws Exception {
		assertRoutedAndPooled(host, "spring.http.clients.imperative.factory=reactor", (context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			return (url) -> client.get().uri(url).retrieve().body(String.class);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "http-components", "reactor" })
	void restTemplateReachesTheUnixOnlySidecar(String factory) throws Exception {
		assertRoutedAndPooled("127.0.0.1", "spring.http.clients.imperative.factory=" + factory, (context) -> {
			var client = context.getBean(RestTemplateBuilder.class).build();
			return (url) -> client.getForObject(url, String.class);
		});
	}

	@Test
	void jdkClientIsReportedAsNotCoveredAndGoesOverTcp() throws Exception {
		Path socket = this.dir.resolve("sidecar.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				UnixSidecar unix = UnixSidecar.start(socket);
				ConfigurableApplicationContext context = start(tcp.port(), socket,
						"spring.http.clients.imperative.factory=jdk", "spring.http.clients.reactive.connector=jdk")) {
			RestClient restClient = context.getBean(RestClient.Builder.class).build();
			WebClient webClient = context.getBean(WebClient.Builder.class).build();
			assertThat(restClient.get().uri(tcp.url()).retrieve().body(String.class)).isEqualTo("pong");
			assertThat(webClient.get().uri(tcp.url()).retrieve().bodyToMono(String.class).block()).isEqualTo("pong");
			UnixSocketTransport transport = context.getBean(UnixSocketTransport.class);
			assertThat(transport.coverage().notCovered()).containsOnlyKeys("restclient", "resttemplate", "webclient");
			assertThat(transport.coverage().notCovered().get("restclient"))
				.startsWith("JdkClientHttpRequestFactoryBuilder")
				.contains("no Unix-socket support")
				.contains("spring.http.clients.imperative.factory=http-components");
			assertThat(tcp.clientPorts()).hasSize(2);
			assertThat(unix.connections()).isZero();
			assertThat(transport.routes().get(tcp.port()).connections()).isZero();
		}
	}

	@Test
	void otherPortsAndNonLoopbackHostsStayOnTcp() throws Exception {
		Path socket = this.dir.resolve("sidecar.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				UnixSidecar unix = UnixSidecar.start(socket);
				ConfigurableApplicationContext context = start(UnixSidecar.unusedPort(), socket)) {
			WebClient client = context.getBean(WebClient.Builder.class).build();
			assertThat(client.get().uri(tcp.url()).retrieve().bodyToMono(String.class).block()).isEqualTo("pong");
			assertThat(unix.connections()).isZero();
		}
	}

	@Test
	void missingSocketFallsBackToTcpAndTheSidecarIsUsedAgainOnceItIsBack() throws Exception {
		Path socket = this.dir.resolve("sidecar.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start(tcp.port(), socket)) {
			RestClient restClient = context.getBean(RestClient.Builder.class).build();
			WebClient webClient = context.getBean(WebClient.Builder.class).build();
			UnixRoute route = context.getBean(UnixSocketTransport.class).routes().get(tcp.port());
			// Apache HttpClient decides per connection: its fallback connection would
			// stay in its pool, on TCP, until it closes; this one closes after its
			// response, so that the next request opens a new connection.
			assertThat(restClient.get()
				.uri(tcp.url())
				.header(HttpHeaders.CONNECTION, "close")
				.retrieve()
				.body(String.class)).isEqualTo("pong");
			assertThat(webClient.get().uri(tcp.url()).retrieve().bodyToMono(String.class).block()).isEqualTo("pong");
			assertThat(tcp.clientPorts()).hasSize(2);
			assertThat(route.fallbacks()).isEqualTo(2);
			assertThat(route.connections()).isZero();
			assertThat(context.getBean(MeterRegistry.class)
				.get("loopback.fastpath.unix.routes")
				.tag("port", Integer.toString(tcp.port()))
				.tag("outcome", "fallback")
				.functionCounter()
				.count()).isEqualTo(2);
			try (UnixSidecar unix = UnixSidecar.start(socket)) {
				assertThat(restClient.get().uri(tcp.url()).retrieve().body(String.class)).isEqualTo(UnixSidecar.BODY);
				assertThat(webClient.get().uri(tcp.url()).retrieve().bodyToMono(String.class).block())
					.isEqualTo(UnixSidecar.BODY);
				assertThat(unix.connections()).isEqualTo(2);
				assertThat(route.connections()).isEqualTo(2);
			}
			assertThat(tcp.clientPorts()).hasSize(2);
		}
	}

	/**
	 * Every routed connection that closes takes everything it opened with it: with
	 * HttpClient 5.6.5's own Unix-socket support, each one left about six descriptors
	 * behind (its stream adapters' selectors), about 1 200 for these requests.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "http-components", "reactor" })
	@EnabledOnOs(value = OS.LINUX, disabledReason = "counts descriptors in /proc/self/fd")
	void closedConnectionsLeaveNoDescriptorsBehind(String factory) throws Exception {
		Path socket = this.dir.resolve("sidecar.sock");
		int port = UnixSidecar.unusedPort();
		try (UnixSidecar sidecar = UnixSidecar.start(socket);
				ConfigurableApplicationContext context = start(port, socket,
						"spring.http.clients.imperative.factory=" + factory)) {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			Runnable closing = () -> assertThat(client.get()
				.uri("http://127.0.0.1:" + port + "/")
				.header(HttpHeaders.CONNECTION, "close")
				.retrieve()
				.body(String.class)).isEqualTo(UnixSidecar.BODY);
			// The first request starts the client's pool and event loops.
			closing.run();
			sidecar.awaitConnectionsClosed(Duration.ofSeconds(30));
			long before = UnixSockets.openDescriptors();
			for (int i = 0; i < CLOSED_CONNECTIONS; i++) {
				closing.run();
			}
			sidecar.awaitConnectionsClosed(Duration.ofSeconds(30));
			long after = UnixSockets.openDescriptors();
			UnixRoute route = context.getBean(UnixSocketTransport.class).routes().get(port);
			assertThat(route.connections()).isEqualTo(sidecar.connections());
			assertThat(sidecar.connections()).isGreaterThan(CLOSED_CONNECTIONS);
			assertThat(after - before).as("descriptors left open (before %d, after %d)", before, after)
				.isLessThan(DESCRIPTOR_ALLOWANCE);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "http-components", "reactor" })
	void refusingSocketFallsBackToTcp(String factory) throws Exception {
		Path socket = this.dir.resolve("stale.sock");
		UnixSidecar.stale(socket);
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start(tcp.port(), socket,
						"spring.http.clients.imperative.factory=" + factory)) {
			RestClient restClient = context.getBean(RestClient.Builder.class).build();
			WebClient webClient = context.getBean(WebClient.Builder.class).build();
			assertThat(restClient.get().uri(tcp.url() + "/a").retrieve().body(String.class)).isEqualTo("pong");
			assertThat(webClient.get().uri(tcp.url() + "/b").retrieve().bodyToMono(String.class).block())
				.isEqualTo("pong");
			assertThat(tcp.clientPorts()).hasSize(2);
			UnixRoute route = context.getBean(UnixSocketTransport.class).routes().get(tcp.port());
			assertThat(route.fallbacks()).isEqualTo(2);
			assertThat(route.failures()).isZero();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "http-components", "reactor" })
	void failModeFailsTheRequestNamingThePath(String factory) throws Exception {
		Path missing = this.dir.resolve("missing.sock");
		Path stale = this.dir.resolve("stale.sock");
		UnixSidecar.stale(stale);
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				SidecarStub tcp2 = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start(tcp.port(), missing,
						"spring.http.clients.imperative.factory=" + factory,
						"loopback.fastpath.unix.routes." + tcp2.port() + "=" + stale,
						"loopback.fastpath.unix.on-unavailable=fail")) {
			RestClient restClient = context.getBean(RestClient.Builder.class).build();
			WebClient webClient = context.getBean(WebClient.Builder.class).build();
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> restClient.get().uri(tcp.url()).retrieve().body(String.class))
				.withMessageContaining(missing.toString())
				.withMessageContaining("on-unavailable=fail");
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> restClient.get().uri(tcp2.url()).retrieve().body(String.class))
				.withMessageContaining(stale.toString());
			assertThatException()
				.isThrownBy(() -> webClient.get().uri(tcp.url()).retrieve().bodyToMono(String.class).block())
				.withMessageContaining(missing.toString());
			assertThat(tcp.clientPorts()).isEmpty();
			assertThat(tcp2.clientPorts()).isEmpty();
			UnixSocketTransport transport = context.getBean(UnixSocketTransport.class);
			assertThat(transport.routes().get(tcp.port()).failures()).isEqualTo(2);
			assertThat(transport.routes().get(tcp2.port()).failures()).isEqualTo(1);
			assertThat(transport.routes().get(tcp.port()).fallbacks()).isZero();
		}
	}

	private void assertRoutedAndPooled(String host, String clientProperty,
			Function<ConfigurableApplicationContext, Function<String, String>> clientFactory) throws Exception {
		assertRoutedAndPooled(this.dir, host, clientProperty, clientFactory);
	}

	static void assertRoutedAndPooled(Path dir, String host, String clientProperty,
			Function<ConfigurableApplicationContext, Function<String, String>> clientFactory) throws Exception {
		Path socket = dir.resolve("sidecar.sock");
		int port = UnixSidecar.unusedPort();
		try (UnixSidecar sidecar = UnixSidecar.start(socket);
				ConfigurableApplicationContext context = start(port, socket, clientProperty)) {
			Function<String, String> get = clientFactory.apply(context);
			String base = "http://" + host + ":" + port;
			for (int i = 0; i < REQUESTS; i++) {
				assertThat(get.apply(base + "/" + i)).isEqualTo(UnixSidecar.BODY);
			}
			// The URL's host and port, as over TCP.
			assertThat(sidecar.hosts()).hasSize(REQUESTS).containsOnly(host + ":" + port);
			assertThat(sidecar.versions()).containsOnly("HTTP/1.1");
			// Pooled connections are reused (a connection goes back to the pool just
			// after its
			// response completes, so a request may occasionally open another).
			assertThat(sidecar.connections()).isBetween(1, REQUESTS - 1);
			UnixRoute route = context.getBean(UnixSocketTransport.class).routes().get(port);
			assertThat(route.connections()).isEqualTo(sidecar.connections());
			assertThat(route.fallbacks()).isZero();
			assertThat(context.getBean(UnixSocketTransport.class).coverage().notCovered()).isEmpty();
		}
	}

	static ConfigurableApplicationContext start(int port, Path socket, String... properties) {
		return new SpringApplicationBuilder(ClientApp.class).web(WebApplicationType.NONE)
			.properties("loopback.fastpath.enabled=true", "loopback.fastpath.unix.routes." + port + "=" + socket)
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ClientApp {

	}

}
