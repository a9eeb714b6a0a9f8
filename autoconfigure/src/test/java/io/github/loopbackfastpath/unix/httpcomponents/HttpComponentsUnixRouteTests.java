package io.github.loopbackfastpath.unix.httpcomponents;

import java.io.Closeable;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

import com.sun.net.httpserver.HttpsServer;
import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.httpcomponents.FastPathHttpComponentsClients;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.test.SelfSignedTls;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.UnixSidecar;
import io.github.loopbackfastpath.test.UnixSockets;
import io.github.loopbackfastpath.unix.UnixRoute;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
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
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Apache HttpClient's routes are decided per connection, in its connection operator: a
 * request is written once, to the connection HttpClient opened, and redirects, retries,
 * TLS and pooling behave as over TCP. Every sidecar here listens only on a Unix socket
 * (nothing listens on the routed TCP port unless a test puts a TCP server there to catch
 * what goes over TCP).
 */
@EnabledIfUnixDomainSockets
class HttpComponentsUnixRouteTests {

	private static final String APACHE = "spring.http.clients.imperative.factory=http-components";

	@TempDir
	Path dir;

	/**
	 * A routed POST answered {@code 303} to a dead port: HttpClient follows with a GET,
	 * whose connect fails. That failure is the request's: the POST is not sent again over
	 * TCP (a TCP server on the routed port would receive it) and no fallback is counted.
	 */
	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void postUnderA303ToADeadPortReachesTheSidecarExactlyOnce(boolean withBody) throws Exception {
		Path socket = this.dir.resolve("s.sock");
		int dead = UnixSidecar.unusedPort();
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				ScriptedSidecar sidecar = ScriptedSidecar.start(socket, "unix");
				ConfigurableApplicationContext context = start(tcp.port(), socket)) {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			RestClient.RequestBodySpec post = client.post()
				.uri("http://127.0.0.1:" + tcp.port() + "/303?to=http://127.0.0.1:" + dead + "/");
			if (withBody) {
				post.body("payload");
			}
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> post.retrieve().body(String.class))
				.withRootCauseInstanceOf(ConnectException.class)
				.withMessageContaining(Integer.toString(dead));
			assertThat(sidecar.received()).singleElement().satisfies((received) -> {
				assertThat(received.method()).isEqualTo("POST");
				assertThat(received.bytes()).isEqualTo(withBody ? 7 : 0);
			});
			assertThat(tcp.clientPorts()).isEmpty();
			UnixRoute route = route(context, tcp.port());
			assertThat(route.fallbacks()).isZero();
			assertThat(route.failures()).isZero();
			assertThat(route.connections()).isEqualTo(1);
		}
	}

	@Test
	void absoluteRedirectsLandOnTheServerOfTheirOrigin() throws Exception {
		Path socketA = this.dir.resolve("a.sock");
		Path socketB = this.dir.resolve("b.sock");
		int portA = UnixSidecar.unusedPort();
		int portB = UnixSidecar.unusedPort();
		try (ScriptedSidecar a = ScriptedSidecar.start(socketA, "a");
				ScriptedSidecar b = ScriptedSidecar.start(socketB, "b");
				SidecarStub unrouted = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start(portA, socketA,
						"loopback.fastpath.unix.routes." + portB + "=" + socketB)) {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			String origin = "http://127.0.0.1:" + portA;
			assertThat(client.get().uri(origin + "/302?to=" + origin + "/x").retrieve().body(String.class))
				.isEqualTo("a GET /x 0 0");
			assertThat(
					client.get().uri(origin + "/302?to=http://localhost:" + portB + "/y").retrieve().body(String.class))
				.isEqualTo("b GET /y 0 0");
			assertThat(client.get().uri(origin + "/302?to=" + unrouted.url() + "/z").retrieve().body(String.class))
				.isEqualTo("pong");
			assertThat(unrouted.clientPorts()).hasSize(1);
			assertThat(route(context, portA).connections()).isEqualTo(a.connections());
			assertThat(route(context, portB).connections()).isEqualTo(1);
			assertThat(route(context, portA).fallbacks() + route(context, portB).fallbacks()).isZero();
		}
	}

	/**
	 * {@code https} to a routed port goes over TCP, with the SSL bundle: TLS never runs
	 * over a route, neither for an {@code https} URL nor for an {@code http} to
	 * {@code https} redirect to the same port.
	 */
	@Test
	void httpsToARoutedPortGoesOverTcpAlsoAfterARedirectFromHttp() throws Exception {
		Path keyStore = SelfSignedTls.keyStore(this.dir.resolve("sidecar.p12"));
		HttpsServer tls = SelfSignedTls.httpsServer(keyStore);
		Path socket = this.dir.resolve("s.sock");
		int port = tls.getAddress().getPort();
		try (ScriptedSidecar sidecar = ScriptedSidecar.start(socket, "unix");
				ConfigurableApplicationContext context = start(port, socket,
						"spring.ssl.bundle.jks.sidecar.truststore.location=" + keyStore.toUri(),
						"spring.ssl.bundle.jks.sidecar.truststore.password=secret",
						"spring.ssl.bundle.jks.sidecar.truststore.type=PKCS12",
						"spring.http.clients.ssl.bundle=sidecar")) {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			assertThat(client.get().uri("https://127.0.0.1:" + port + "/").retrieve().body(String.class))
				.isEqualTo("pong over tls");
			assertThat(client.get()
				.uri("http://127.0.0.1:" + port + "/302?to=https://127.0.0.1:" + port + "/")
				.retrieve()
				.body(String.class)).isEqualTo("pong over tls");
			assertThat(sidecar.received()).extracting(ScriptedSidecar.Received::path).containsExactly("/302");
			assertThat(route(context, port).connections()).isEqualTo(1);
			assertThat(route(context, port).fallbacks()).isZero();
		}
		finally {
			tls.stop(0);
		}
	}

	@Test
	void aRepeatablePostBodyFollowsA307OverTheRoute() throws Exception {
		Path socket = this.dir.resolve("s.sock");
		int port = UnixSidecar.unusedPort();
		try (ScriptedSidecar sidecar = ScriptedSidecar.start(socket, "unix");
				ConfigurableApplicationContext context = start(port, socket)) {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			CRC32 crc = new CRC32();
			crc.update("payload".getBytes(StandardCharsets.UTF_8));
			assertThat(client.post()
				.uri("http://127.0.0.1:" + port + "/307?to=/echo")
				.body("payload")
				.retrieve()
				.body(String.class)).isEqualTo("unix POST /echo 7 " + crc.getValue());
			assertThat(sidecar.received()).extracting(ScriptedSidecar.Received::path).containsExactly("/307", "/echo");
		}
	}

	/**
	 * A pooled connection that the sidecar closed while it was idle is stale: HttpClient
	 * finds that out on its own, by its stale check or by retrying the idempotent request
	 * on a new connection, as over TCP; the request reaches the sidecar once.
	 */
	@Test
	void aStalePooledConnectionIsReplacedByHttpClient() throws Exception {
		Path socket = this.dir.resolve("s.sock");
		int port = UnixSidecar.unusedPort();
		try (ScriptedSidecar sidecar = ScriptedSidecar.start(socket, "unix", Duration.ofMillis(200));
				ConfigurableApplicationContext context = start(port, socket)) {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			String url = "http://127.0.0.1:" + port + "/put";
			assertThat(client.put().uri(url).body("one").retrieve().body(String.class)).startsWith("unix PUT /put 3");
			awaitNoOpenConnection(sidecar);
			assertThat(client.put().uri(url).body("two").retrieve().body(String.class)).startsWith("unix PUT /put 3");
			assertThat(sidecar.received()).hasSize(2);
			assertThat(sidecar.connections()).isEqualTo(2);
			assertThat(route(context, port).connections()).isEqualTo(2);
		}
	}

	/**
	 * With the socket missing, each new connection falls back once, however many requests
	 * it carries; once the sidecar is back, new connections take the route.
	 */
	@Test
	void aFallbackIsCountedPerConnectionAndNewConnectionsTakeTheRouteAgain() throws Exception {
		Path socket = this.dir.resolve("s.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start(tcp.port(), socket)) {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			for (int i = 0; i < 3; i++) {
				assertThat(client.get().uri(tcp.url() + "/" + i).retrieve().body(String.class)).isEqualTo("pong");
			}
			// The last one closes the fallback connection, so that the next one is new.
			assertThat(client.get()
				.uri(tcp.url() + "/last")
				.header(HttpHeaders.CONNECTION, "close")
				.retrieve()
				.body(String.class)).isEqualTo("pong");
			UnixRoute route = route(context, tcp.port());
			assertThat(tcp.clientPorts()).hasSize(4).containsOnly(tcp.clientPorts().get(0));
			assertThat(route.fallbacks()).isEqualTo(1);
			try (ScriptedSidecar sidecar = ScriptedSidecar.start(socket, "unix")) {
				assertThat(client.get().uri(tcp.url() + "/back").retrieve().body(String.class))
					.isEqualTo("unix GET /back 0 0");
				assertThat(route.connections()).isEqualTo(1);
			}
			assertThat(route.fallbacks()).isEqualTo(1);
			// The one TCP connection has its fast-path outcome (skipped, where the
			// platform has no fast path), the Unix-socket connection none.
			ComponentStats stats = context.getBean(FastPathOutcomes.class).stats("restclient");
			assertThat(stats.applied() + stats.failed() + stats.skipped()).isEqualTo(1);
		}
	}

	@Test
	void failModeFailsTheConnectionNamingThePathAndSendsNothingOverTcp() throws Exception {
		Path socket = this.dir.resolve("missing.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start(tcp.port(), socket,
						"loopback.fastpath.unix.on-unavailable=fail")) {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> client.post().uri(tcp.url()).body("payload").retrieve().body(String.class))
				.withMessageContaining(socket.toString())
				.withMessageContaining("on-unavailable=fail");
			assertThat(tcp.clientPorts()).isEmpty();
			assertThat(route(context, tcp.port()).failures()).isEqualTo(1);
		}
	}

	/**
	 * A connect to a socket whose accept queue is full waits, as a TCP connect does,
	 * until the connect timeout: then it fails as the connection's failure, not as an
	 * unavailable socket.
	 */
	@Test
	@EnabledOnOs(value = OS.LINUX,
			disabledReason = "Linux lets a connect to a full accept queue wait; BSD and macOS refuse it")
	void aConnectWaitingInAFullAcceptQueueEndsAtTheConnectTimeout() throws Exception {
		Path socket = this.dir.resolve("full.sock");
		int port = UnixSidecar.unusedPort();
		try (Closeable queue = UnixSockets.fullAcceptQueue(socket)) {
			try (ConfigurableApplicationContext context = start(port, socket,
					"spring.http.clients.connect-timeout=300ms")) {
				RestClient client = context.getBean(RestClient.Builder.class).build();
				assertTimeoutPreemptively(Duration.ofSeconds(20),
						() -> assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(
								() -> client.get().uri("http://127.0.0.1:" + port + "/").retrieve().body(String.class))
							.withRootCauseInstanceOf(SocketTimeoutException.class));
				assertThat(route(context, port).fallbacks()).isZero();
				assertThat(route(context, port).connections()).isZero();
			}
		}
	}

	/**
	 * Each pooled Unix-socket connection holds one descriptor: N connections held open at
	 * once add N client sockets, plus the N the sidecar (in this JVM) accepted.
	 */
	@Test
	@EnabledOnOs(value = OS.LINUX, disabledReason = "counts descriptors in /proc/self/fd")
	void aPooledConnectionHoldsOneDescriptor() throws Exception {
		// PoolingHttpClientConnectionManager's default per route.
		int connections = 5;
		Path socket = this.dir.resolve("s.sock");
		int port = UnixSidecar.unusedPort();
		ExecutorService threads = Executors.newFixedThreadPool(connections);
		try (ScriptedSidecar sidecar = ScriptedSidecar.start(socket, "unix");
				ConfigurableApplicationContext context = start(port, socket)) {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			String url = "http://127.0.0.1:" + port;
			// Starts the client and the sidecar's loop; this connection closes.
			assertThat(client.get()
				.uri(url + "/warm")
				.header(HttpHeaders.CONNECTION, "close")
				.retrieve()
				.body(String.class)).startsWith("unix");
			awaitNoOpenConnection(sidecar);
			long before = UnixSockets.openDescriptors();
			List<CompletableFuture<String>> holds = new ArrayList<>();
			for (int i = 0; i < connections; i++) {
				holds.add(CompletableFuture
					.supplyAsync(() -> client.get().uri(url + "/hold").retrieve().body(String.class), threads));
			}
			// All held at once: each on a connection of its own.
			awaitCount(sidecar::held, connections);
			sidecar.release();
			for (CompletableFuture<String> hold : holds) {
				assertThat(hold.get(30, TimeUnit.SECONDS)).isEqualTo("unix");
			}
			long added = UnixSockets.openDescriptors() - before;
			assertThat(sidecar.openConnections()).isEqualTo(connections);
			assertThat(route(context, port).connections()).isEqualTo(connections + 1);
			assertThat(added).as("descriptors added by %d pooled connections and the sidecar's ends", connections)
				.isBetween(2L * connections - 1, 2L * connections + 2);
		}
		finally {
			threads.shutdownNow();
		}
	}

	/**
	 * The route looks at its socket file only after a connect failed: 100 requests on one
	 * pooled connection make no file-system call; a connect to a missing socket makes
	 * one.
	 */
	@Test
	void aPooledConnectionCostsNoFileSystemCall() throws Exception {
		Path socket = this.dir.resolve("s.sock");
		Path missing = this.dir.resolve("missing.sock");
		int port = UnixSidecar.unusedPort();
		int missingPort = UnixSidecar.unusedPort();
		try (ScriptedSidecar sidecar = ScriptedSidecar.start(socket, "unix");
				ConfigurableApplicationContext context = new SpringApplicationBuilder(CountingApp.class)
					.web(WebApplicationType.NONE)
					.properties("loopback.fastpath.enabled=true",
							"loopback.fastpath.unix.routes." + port + "=" + socket,
							"loopback.fastpath.unix.routes." + missingPort + "=" + missing, APACHE)
					.run()) {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			for (int i = 0; i < 100; i++) {
				assertThat(client.get().uri("http://127.0.0.1:" + port + "/" + i).retrieve().body(String.class))
					.startsWith("unix GET /" + i);
			}
			assertThat(sidecar.connections()).isEqualTo(1);
			assertThat(CountingApp.CHECKS.get()).isZero();
			// A new connection to a route whose socket is missing: its connect fails, the
			// route looks at the path, falls back, and TCP is refused (nothing listens).
			assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(
					() -> client.get().uri("http://127.0.0.1:" + missingPort + "/").retrieve().body(String.class));
			assertThat(CountingApp.CHECKS.get()).isEqualTo(1);
			assertThat(route(context, missingPort).fallbacks()).isEqualTo(1);
		}
	}

	private static void awaitNoOpenConnection(ScriptedSidecar sidecar) throws InterruptedException {
		awaitCount(sidecar::openConnections, 0);
	}

	/**
	 * Polls a count until it reaches a value, at most 30 s (a guard against a hang).
	 */
	private static void awaitCount(java.util.function.IntSupplier count, int expected) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (count.getAsInt() != expected) {
			assertThat(System.nanoTime() - deadline).as("waiting for %d", expected).isNegative();
			Thread.sleep(10);
		}
	}

	private static UnixRoute route(ConfigurableApplicationContext context, int port) {
		return context.getBean(UnixSocketTransport.class).routes().get(port);
	}

	static ConfigurableApplicationContext start(int port, Path socket, String... properties) {
		return new SpringApplicationBuilder(ClientApp.class).web(WebApplicationType.NONE)
			.properties("loopback.fastpath.enabled=true", "loopback.fastpath.unix.routes." + port + "=" + socket,
					APACHE)
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ClientApp {

	}

	/**
	 * The auto-configured route, with a file check that counts its calls: asked before
	 * the auto-configured one.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class CountingApp {

		static final AtomicInteger CHECKS = new AtomicInteger();

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		UnixHttpComponentsClients countingUnixHttpComponentsClients(UnixSocketTransport transport,
				FastPathHttpComponentsClients clients) {
			CHECKS.set(0);
			return new UnixHttpComponentsClients(transport, clients, (path) -> {
				CHECKS.incrementAndGet();
				return Files.exists(path);
			});
		}

	}

}
