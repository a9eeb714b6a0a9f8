package io.github.loopbackfastpath.unix.netty;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.SelfSignedTls;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.UnixSidecar;
import io.github.loopbackfastpath.unix.OnUnavailable;
import io.github.loopbackfastpath.unix.UnixRoute;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.resolver.AddressResolverGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.netty.transport.TransportConfig;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.ReactorClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The Reactor Netty route is decided per connection, inside Reactor Netty's connection
 * provider: redirects, TLS settings, timeouts, customizers and pooling are Reactor
 * Netty's own over the route, and nothing is sent twice. The sidecars listen only on Unix
 * sockets, so a request they answer came over the route. Runs on epoll here and on NIO in
 * {@link ReactorNettyRouteNioTests}.
 */
@EnabledIfUnixDomainSockets
class ReactorNettyRouteTests {

	@TempDir
	Path dir;

	@ParameterizedTest
	@ValueSource(strings = { "webclient", "restclient" })
	void absoluteRedirectsLandOnTheServerTheirLocationNames(String client) throws Exception {
		int portA = UnixSidecar.unusedPort();
		int portB = UnixSidecar.unusedPort();
		try (RouteSidecar a = RouteSidecar.start("a", this.dir.resolve("a.sock"));
				RouteSidecar b = RouteSidecar.start("b", this.dir.resolve("b.sock"));
				SidecarStub tcp = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start(Map.of(portA, "a.sock", portB, "b.sock"))) {
			Client get = client(context, client);
			String from = "http://127.0.0.1:" + portA + "/redirect?to=";
			assertThat(get.get(from + "http://127.0.0.1:" + portA + "/same")).isEqualTo("a:/same");
			assertThat(get.get(from + "http://localhost:" + portB + "/other")).isEqualTo("b:/other");
			assertThat(get.get(from + tcp.url() + "/tcp")).isEqualTo("pong");
			assertThat(a.requests()).containsExactly("GET /redirect", "GET /same", "GET /redirect", "GET /redirect");
			assertThat(b.requests()).containsExactly("GET /other");
			// The Host header of each URL, as over TCP.
			assertThat(b.hosts()).containsExactly("localhost:" + portB);
			assertThat(tcp.clientPorts()).hasSize(1);
			UnixSocketTransport transport = context.getBean(UnixSocketTransport.class);
			assertThat(transport.routes().get(portA).fallbacks()).isZero();
			assertThat(transport.routes().get(portB).connections()).isEqualTo(b.connections());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "webclient", "restclient" })
	void clientSslBundleIsForHttpsOnlyAndHttpsNeverTakesTheRoute(String client) throws Exception {
		Path keyStore = SelfSignedTls.keyStore(this.dir.resolve("server.p12"));
		try (TlsServer https = TlsServer.start(keyStore);
				RouteSidecar sidecar = RouteSidecar.start("unix", this.dir.resolve("s.sock"));
				ConfigurableApplicationContext context = start(Map.of(https.port(), "s.sock"),
						"spring.ssl.bundle.jks.test.truststore.location=file:" + keyStore,
						"spring.ssl.bundle.jks.test.truststore.password=secret",
						"spring.ssl.bundle.jks.test.truststore.type=PKCS12", "spring.http.clients.ssl.bundle=test")) {
			Client get = client(context, client);
			assertThat(get.get("http://127.0.0.1:" + https.port() + "/plain")).isEqualTo("unix:/plain");
			assertThat(get.get("https://localhost:" + https.port() + "/tls")).isEqualTo("tls");
			assertThat(sidecar.requests()).containsExactly("GET /plain");
			assertThat(https.requests()).hasValue(1);
			UnixRoute route = context.getBean(UnixSocketTransport.class).routes().get(https.port());
			assertThat(route.connections()).isEqualTo(1);
			assertThat(route.fallbacks()).isZero();
		}
	}

	@ParameterizedTest
	@CsvSource({ "webclient,true", "webclient,false", "restclient,true", "restclient,false" })
	void postAnsweredSeeOtherToADeadPortIsReceivedOnce(String client, boolean withBody) throws Exception {
		int dead = UnixSidecar.unusedPort();
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				RouteSidecar sidecar = RouteSidecar.start("unix", this.dir.resolve("s.sock"));
				ConfigurableApplicationContext context = start(Map.of(tcp.port(), "s.sock"))) {
			Client post = client(context, client);
			String url = "http://127.0.0.1:" + tcp.port() + "/see-other?to=http://127.0.0.1:" + dead + "/";
			assertThatException().isThrownBy(() -> post.post(url, withBody ? "payload" : null))
				.satisfies((ex) -> assertThat(causes(ex)).anyMatch(ConnectException.class::isInstance));
			assertThat(sidecar.requests()).containsExactly("POST /see-other");
			// Over TCP to the routed port: nothing, no POST again, no fallback.
			assertThat(tcp.clientPorts()).isEmpty();
			UnixRoute route = context.getBean(UnixSocketTransport.class).routes().get(tcp.port());
			assertThat(route.fallbacks()).isZero();
			assertThat(route.failures()).isZero();
		}
	}

	@Test
	void pooledConnectionCarriesRequestsWithoutFileSystemCalls() throws Exception {
		int port = UnixSidecar.unusedPort();
		Path socket = this.dir.resolve("s.sock");
		UnixSocketTransport transport = UnixSocketTransport.ofRoutes(Map.of(port, socket.toString()),
				OnUnavailable.TCP);
		AtomicInteger fileChecks = new AtomicInteger();
		ConnectionProvider pool = ConnectionProvider.create("one", 1);
		LoopResources loops = LoopResources.create("pooled-route", 1, true);
		try (RouteSidecar sidecar = RouteSidecar.start("unix", socket)) {
			HttpClient client = HttpClient
				.create(new UnixRouteConnectionProvider(pool, transport, (path) -> fileChecks.incrementAndGet() > 0))
				.runOn(loops);
			for (int i = 0; i < 100; i++) {
				assertThat(client.get()
					.uri("http://127.0.0.1:" + port + "/" + i)
					.responseContent()
					.aggregate()
					.asString()
					.block(Duration.ofSeconds(10))).isEqualTo("unix:/" + i);
			}
			assertThat(sidecar.connections()).isEqualTo(1);
			assertThat(transport.routes().get(port).connections()).isEqualTo(1);
			assertThat(fileChecks).hasValue(0);
		}
		finally {
			pool.disposeLater().block(Duration.ofSeconds(10));
			loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block();
		}
	}

	/**
	 * A connect failure in words the transport does not know (the JDK reports a missing
	 * file in the OS's language) is the one case where the file is asked about: once, and
	 * a missing file then means a fallback.
	 */
	@Test
	void fileIsAskedAboutOnlyAfterAConnectFailedForAnUnknownReason() throws Exception {
		Path socket = this.dir.resolve("s.sock");
		AtomicInteger fileChecks = new AtomicInteger();
		ConnectionProvider pool = ConnectionProvider.create("one", 1);
		LoopResources loops = LoopResources.create("unknown-failure", 1, true);
		ConnectionProvider failingOnSockets = new ConnectionProvider() {

			@Override
			public Mono<? extends Connection> acquire(TransportConfig config, ConnectionObserver observer,
					Supplier<? extends SocketAddress> remote, AddressResolverGroup<?> resolver) {
				if (remote.get() instanceof InetSocketAddress) {
					return pool.acquire(config, observer, remote, resolver);
				}
				return Mono.error(new SocketException("Datei oder Verzeichnis nicht gefunden"));
			}

		};
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1")) {
			UnixSocketTransport transport = UnixSocketTransport.ofRoutes(Map.of(tcp.port(), socket.toString()),
					OnUnavailable.TCP);
			HttpClient client = HttpClient
				.create(new UnixRouteConnectionProvider(failingOnSockets, transport,
						(path) -> fileChecks.incrementAndGet() < 0))
				.runOn(loops);
			assertThat(client.get()
				.uri(tcp.url() + "/")
				.responseContent()
				.aggregate()
				.asString()
				.block(Duration.ofSeconds(10))).isEqualTo("pong");
			assertThat(fileChecks).hasValue(1);
			assertThat(transport.routes().get(tcp.port()).fallbacks()).isEqualTo(1);
			assertThat(tcp.clientPorts()).hasSize(1);
		}
		finally {
			pool.disposeLater().block(Duration.ofSeconds(10));
			loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "webclient", "restclient" })
	void fallbackIsDecidedPerConnection(String client) throws Exception {
		Path socket = this.dir.resolve("s.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start(Map.of(tcp.port(), "s.sock"))) {
			Client get = client(context, client);
			UnixRoute route = context.getBean(UnixSocketTransport.class).routes().get(tcp.port());
			assertThat(get.get(tcp.url() + "/a")).isEqualTo("pong");
			assertThat(route.fallbacks()).isEqualTo(1);
			assertThat(route.connections()).isZero();
			try (RouteSidecar sidecar = RouteSidecar.start("unix", socket)) {
				assertThat(get.get(tcp.url() + "/b")).isEqualTo("unix:/b");
				assertThat(route.connections()).isEqualTo(1);
				assertThat(sidecar.versions()).containsExactly("HTTP/1.1");
			}
			assertThat(tcp.clientPorts()).hasSize(1);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "webclient", "restclient" })
	void failModeFailsBeforeSendingAndNamesThePath(String client) throws Exception {
		Path socket = this.dir.resolve("missing.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start(Map.of(tcp.port(), "missing.sock"),
						"loopback.fastpath.unix.on-unavailable=fail")) {
			Client get = client(context, client);
			assertThatException().isThrownBy(() -> get.get(tcp.url() + "/a"))
				.withMessageContaining(socket.toString())
				.withMessageContaining("on-unavailable=fail");
			assertThat(tcp.clientPorts()).isEmpty();
			assertThat(context.getBean(UnixSocketTransport.class).routes().get(tcp.port()).failures()).isEqualTo(1);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "webclient", "restclient" })
	void responseTimeoutAndCustomizersApplyOnTheRoute(String client) throws Exception {
		Path silentSocket = this.dir.resolve("silent.sock");
		int silentPort = UnixSidecar.unusedPort();
		int port = UnixSidecar.unusedPort();
		// Listening, never accepting or answering: the kernel completes the
		// connection and only the read timeout ends the call.
		try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)
			.bind(UnixDomainSocketAddress.of(silentSocket));
				RouteSidecar sidecar = RouteSidecar.start("unix", this.dir.resolve("s.sock"));
				ConfigurableApplicationContext context = new SpringApplicationBuilder(CustomizedApp.class)
					.web(WebApplicationType.NONE)
					.properties(properties(Map.of(silentPort, "silent.sock", port, "s.sock"),
							"spring.http.clients.read-timeout=300ms"))
					.run()) {
			Client get = client(context, client);
			assertThat(get.get("http://127.0.0.1:" + port + "/header")).isEqualTo("customized");
			assertTimeoutPreemptively(Duration.ofSeconds(10),
					() -> assertThatException().isThrownBy(() -> get.get("http://127.0.0.1:" + silentPort + "/")));
			silent.configureBlocking(false);
			try (SocketChannel accepted = silent.accept()) {
				assertThat(accepted).as("the timed-out connection went to the socket").isNotNull();
			}
		}
	}

	ConfigurableApplicationContext start(Map<Integer, String> routes, String... properties) {
		return new SpringApplicationBuilder(ClientApp.class).web(WebApplicationType.NONE)
			.properties(properties(routes, properties))
			.run();
	}

	private String[] properties(Map<Integer, String> routes, String... properties) {
		List<String> all = new java.util.ArrayList<>(List.of("loopback.fastpath.enabled=true",
				"spring.http.clients.imperative.factory=reactor", "spring.http.clients.reactive.connector=reactor"));
		routes.forEach(
				(port, socket) -> all.add("loopback.fastpath.unix.routes." + port + "=" + this.dir.resolve(socket)));
		all.addAll(List.of(properties));
		return all.toArray(String[]::new);
	}

	static Client client(ConfigurableApplicationContext context, String kind) {
		if (kind.equals("webclient")) {
			WebClient client = context.getBean(WebClient.Builder.class).build();
			return new Client() {

				@Override
				public String get(String url) {
					return client.get().uri(url).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(30));
				}

				@Override
				public String post(String url, String body) {
					WebClient.RequestBodySpec post = client.post().uri(url);
					return ((body != null) ? post.bodyValue(body) : post).retrieve()
						.bodyToMono(String.class)
						.block(Duration.ofSeconds(30));
				}

			};
		}
		RestClient client = context.getBean(RestClient.Builder.class).build();
		return new Client() {

			@Override
			public String get(String url) {
				return client.get().uri(url).retrieve().body(String.class);
			}

			@Override
			public String post(String url, String body) {
				RestClient.RequestBodySpec post = client.post().uri(url);
				return ((body != null) ? post.body(body) : post).retrieve().body(String.class);
			}

		};
	}

	private static List<Throwable> causes(Throwable failure) {
		List<Throwable> causes = new java.util.ArrayList<>();
		for (Throwable cause = failure; cause != null && causes.size() < 20; cause = cause.getCause()) {
			causes.add(cause);
		}
		return causes;
	}

	interface Client {

		String get(String url);

		String post(String url, String body);

	}

	/**
	 * An HTTPS server on a loopback TCP port, answering {@code tls}.
	 */
	static final class TlsServer implements AutoCloseable {

		private final DisposableServer server;

		private final AtomicInteger requests = new AtomicInteger();

		private TlsServer(Path keyStore) throws Exception {
			var ssl = SslContextBuilder.forServer(SelfSignedTls.keyManagers(keyStore)).build();
			this.server = HttpServer.create()
				.host("127.0.0.1")
				.port(0)
				.secure((spec) -> spec.sslContext(ssl))
				.handle((request, response) -> {
					this.requests.incrementAndGet();
					return response.sendString(Mono.just("tls"));
				})
				.bindNow();
		}

		static TlsServer start(Path keyStore) throws Exception {
			return new TlsServer(keyStore);
		}

		int port() {
			return this.server.port();
		}

		AtomicInteger requests() {
			return this.requests;
		}

		@Override
		public void close() {
			this.server.disposeNow(Duration.ofSeconds(5));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ClientApp {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class CustomizedApp {

		@Bean
		ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder> connectorCustomizer() {
			return (builder) -> builder.withHttpClientCustomizer(
					(client) -> client.headers((h) -> h.set(RouteSidecar.TEST_HEADER, "customized")));
		}

		@Bean
		ClientHttpRequestFactoryBuilderCustomizer<ReactorClientHttpRequestFactoryBuilder> requestFactoryCustomizer() {
			return (builder) -> builder.withHttpClientCustomizer(
					(client) -> client.headers((h) -> h.set(RouteSidecar.TEST_HEADER, "customized")));
		}

	}

}
