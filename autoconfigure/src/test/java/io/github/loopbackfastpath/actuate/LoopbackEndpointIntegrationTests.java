package io.github.loopbackfastpath.actuate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.actuate.metrics.LoopbackFastPathMetrics;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.outcome.FastPathOutcome;
import io.github.loopbackfastpath.test.EnabledIfWsaStandIn;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandIn.Call;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /actuator/loopback} in a running Spring MVC application, with outcomes
 * driven through the {@link LoopbackFastPath} bean on real loopback sockets and the C
 * stand-in of {@code WSAIoctl} behind the native test seam. Each test uses its own
 * component names, so the tests do not see each other's counts.
 */
@SpringBootTest(classes = LoopbackEndpointIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "loopback.fastpath.enabled=true", "management.endpoints.web.exposure.include=loopback" })
@DirtiesContext
@EnabledIfWsaStandIn
class LoopbackEndpointIntegrationTests {

	static {
		// Before the context starts: the platform is chosen when the LoopbackFastPath
		// bean is
		// created, from the system property the stand-in sets.
		WsaStandIn.install();
	}

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private LoopbackFastPath fastPath;

	@Autowired
	private MeterRegistry registry;

	@BeforeEach
	void resetStandIn() {
		WsaStandIn.reset();
	}

	@AfterAll
	static void uninstallStandIn() {
		WsaStandIn.uninstall();
	}

	@Test
	void reportsAppliedFailedAndSkippedOutcomesAsTheStandInSawThem() throws Exception {
		InetSocketAddress v4;
		InetSocketAddress v6;
		try (ServerSocketChannel server4 = ServerSocketChannel.open(StandardProtocolFamily.INET);
				ServerSocketChannel server6 = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
			FastPathListener listener4 = listen(server4, "127.0.0.1");
			FastPathListener listener6 = listen(server6, "::1");
			v4 = (InetSocketAddress) server4.getLocalAddress();
			v6 = (InetSocketAddress) server6.getLocalAddress();
			assertThat(connect(server4, "it-client")).isEqualTo(FastPathOutcome.applied());
			assertThat(connect(server4, "it-client")).isEqualTo(FastPathOutcome.applied());
			assertThat(connect(server6, "it-client")).isEqualTo(FastPathOutcome.applied());
			WsaStandIn.failWith(WsaStandIn.WSAEOPNOTSUPP);
			assertThat(connect(server4, "it-client")).isEqualTo(FastPathOutcome.failed("WSAEOPNOTSUPP (10045)"));
			WsaStandIn.failWith(0);
			try (SocketChannel channel = SocketChannel.open()) {
				// Decided from the address alone; never connected.
				assertThat(this.fastPath.beforeConnect(channel, new InetSocketAddress("203.0.113.7", 80), "it-client")
					.reason()).isEqualTo("not-loopback");
			}
			// Two listeners and four client sockets reached the stand-in; the
			// non-loopback one did not.
			List<Call> calls = WsaStandIn.calls();
			assertThat(calls).hasSize(6).allSatisfy((call) -> assertThat(call.violation()).isEmpty());
			assertThat(calls).extracting(Call::error).containsExactly(0, 0, 0, 0, 0, WsaStandIn.WSAEOPNOTSUPP);
			long succeeded = 5;
			long failed = 1;

			JsonNode report = getLoopback();
			JsonNode server = report.path("components").path("it-server");
			JsonNode client = report.path("components").path("it-client");
			assertThat(server.path("applied").asLong()).isEqualTo(2);
			assertThat(client.path("applied").asLong()).isEqualTo(succeeded - 2);
			assertThat(server.path("failed").asLong()).isZero();
			assertThat(client.path("failed").asLong()).isEqualTo(failed);
			assertThat(client.path("skipped").asLong()).isEqualTo(1);
			assertThat(client.path("failures").path("WSAEOPNOTSUPP (10045)").asLong()).isEqualTo(1);
			assertThat(client.path("skips").path("not-loopback").asLong()).isEqualTo(1);
			assertCounts(client.path("destinations").path(String.valueOf(v4.getPort())), 2, 1, 0);
			assertCounts(client.path("destinations").path(String.valueOf(v6.getPort())), 1, 0, 0);
			assertThat(client.path("destinations").has("80")).as("no per-port detail for other hosts").isFalse();
			assertThat(server.path("destinations").isEmpty()).isTrue();

			List<JsonNode> listeners = new ArrayList<>();
			report.path("listeners").forEach((listener) -> {
				if (listener.path("component").asString().equals("it-server")) {
					listeners.add(listener);
				}
			});
			assertThat(listeners).hasSize(2);
			assertThat(listeners.get(0).path("address").asString()).isEqualTo("127.0.0.1:" + v4.getPort());
			assertThat(listeners.get(0).path("outcome").asString()).isEqualTo("applied");
			assertThat(listeners.get(0).get("note").isNull()).isTrue();
			assertThat(listeners.get(0).has("reason")).isTrue();
			assertThat(listeners.get(0).get("reason").isNull()).isTrue();
			assertThat(listeners.get(1).path("address").asString()).isEqualTo("[0:0:0:0:0:0:0:1]:" + v6.getPort());

			JsonNode failure = report.path("recentFailures").get(report.path("recentFailures").size() - 1);
			assertThat(failure.path("component").asString()).isEqualTo("it-client");
			assertThat(failure.path("address").asString()).isEqualTo("127.0.0.1:" + v4.getPort());
			assertThat(failure.path("reason").asString()).isEqualTo("WSAEOPNOTSUPP (10045)");
			assertThat(failure.path("time").asString()).endsWith("Z");

			assertThat(sockets("it-client", "applied", "none")).isEqualTo(3);
			assertThat(sockets("it-client", "failed", "WSAEOPNOTSUPP (10045)")).isEqualTo(1);
			assertThat(sockets("it-client", "skipped", "not-loopback")).isEqualTo(1);
			assertThat(sockets("it-server", "applied", "none")).isEqualTo(2);
			// The application's own Tomcat listener is on the fast path too.
			double withTestListeners = this.registry.get(LoopbackFastPathMetrics.LISTENERS)
				.tag("outcome", "applied")
				.gauge()
				.value();
			assertThat(withTestListeners).isEqualTo(2 + 1);
			this.fastPath.outcomes().removeListener(listener4);
			this.fastPath.outcomes().removeListener(listener6);
			assertThat(this.registry.get(LoopbackFastPathMetrics.LISTENERS).tag("outcome", "applied").gauge().value())
				.isEqualTo(1);
		}
	}

	@Test
	void reportsThePlatformBehindTheNativeSeamWithEveryKeyPresent() throws Exception {
		JsonNode platform = getLoopback().path("platform");
		assertThat(getLoopback().path("enabled").asBoolean()).isTrue();
		assertThat(platform.path("supported").asBoolean()).isTrue();
		assertThat(platform.path("mechanism").asString()).isEqualTo("SIO_LOOPBACK_FASTPATH");
		assertThat(platform.path("nativeLibrary").asString()).isEqualTo(WsaStandIn.library());
		assertThat(platform.path("reason").asString()).contains("loopback.fastpath.native-library");
		assertThat(platform.path("os").asString()).isNotEmpty();
		assertThat(platform.path("jdkFastTcpLoopback").isBoolean()).isTrue();
		assertThat(platform.path("jdkFastTcpLoopback").asBoolean()).isFalse();
		assertThat(platform.path("deprecation").asString()).contains("deprecated")
			.contains("https://learn.microsoft.com/windows/win32/winsock/sio-loopback-fastpath");
		assertThat(platform.path("socketHandles").path("accessible").asBoolean()).isTrue();
		assertThat(platform.path("socketHandles").get("reason").isNull()).isTrue();
		assertThat(platform.get("windowsBuild").isNull()).isTrue();
		assertThat(platform.get("fallbackCounters").isNull()).isTrue();
	}

	@Test
	void countsConcurrentConnectionsExactly() throws Exception {
		int connections = 300;
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), connections);
			InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
			Thread acceptor = new Thread(() -> acceptAll(server), "acceptor");
			acceptor.start();
			ExecutorService pool = Executors.newFixedThreadPool(16);
			try {
				List<Callable<FastPathOutcome>> tasks = new ArrayList<>();
				for (int i = 0; i < connections; i++) {
					tasks.add(() -> {
						try (SocketChannel channel = SocketChannel.open()) {
							FastPathOutcome outcome = this.fastPath.beforeConnect(channel, address, "it-concurrent");
							channel.connect(address);
							return outcome;
						}
					});
				}
				List<Future<FastPathOutcome>> results = pool.invokeAll(tasks, 60, TimeUnit.SECONDS);
				for (Future<FastPathOutcome> result : results) {
					assertThat(result.isCancelled()).as("finished within the timeout").isFalse();
					assertThat(result.get()).isEqualTo(FastPathOutcome.applied());
				}
			}
			finally {
				pool.shutdownNow();
				server.close();
				acceptor.join(10_000);
			}
			List<Call> calls = WsaStandIn.calls();
			assertThat(calls).hasSize(connections)
				.allSatisfy((call) -> assertThat(call.violation()).isEmpty())
				.allSatisfy((call) -> assertThat(call.error()).isZero());
			JsonNode component = getLoopback().path("components").path("it-concurrent");
			assertCounts(component, connections, 0, 0);
			assertCounts(component.path("destinations").path(String.valueOf(address.getPort())), connections, 0, 0);
			assertThat(sockets("it-concurrent", "applied", "none")).isEqualTo(connections);
		}
	}

	@Test
	void countsTheConnectionsTomcatAccepts() throws Exception {
		JsonNode before = tomcatListener(getLoopback());
		int connections = 3;
		for (int i = 0; i < connections; i++) {
			// A new client each time: a connection of its own, accepted by Tomcat's
			// fast-path listener.
			try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), this.port)) {
				socket.getOutputStream()
					.write("GET /actuator/loopback HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
						.getBytes(StandardCharsets.US_ASCII));
				assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
					.startsWith("HTTP/1.1 200");
			}
		}
		JsonNode after = tomcatListener(getLoopback());
		assertThat(after.path("outcome").asString()).isEqualTo("applied");
		// The connections above, and the one that asked for the second report.
		assertThat(after.path("acceptedConnections").asLong())
			.isEqualTo(before.path("acceptedConnections").asLong() + connections + 1);
	}

	private JsonNode tomcatListener(JsonNode report) {
		List<JsonNode> tomcat = new ArrayList<>();
		report.path("listeners").forEach((listener) -> {
			if (listener.path("component").asString().equals("tomcat")) {
				tomcat.add(listener);
			}
		});
		assertThat(tomcat).hasSize(1);
		return tomcat.get(0);
	}

	@Test
	void isReadOnly() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri("/actuator/loopback")).POST(HttpRequest.BodyPublishers.noBody()).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(405);
	}

	private FastPathListener listen(ServerSocketChannel server, String host) throws Exception {
		InetSocketAddress local = new InetSocketAddress(InetAddress.getByName(host), 0);
		return this.fastPath.bindListener(server, local, "it-server", () -> server.bind(local));
	}

	private FastPathOutcome connect(ServerSocketChannel server, String component) throws IOException {
		InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
		StandardProtocolFamily family = (address.getAddress().getAddress().length == 16) ? StandardProtocolFamily.INET6
				: StandardProtocolFamily.INET;
		try (SocketChannel channel = SocketChannel.open(family)) {
			FastPathOutcome outcome = this.fastPath.beforeConnect(channel, address, component);
			channel.connect(address);
			try (SocketChannel accepted = server.accept()) {
				assertThat(accepted.isConnected()).isTrue();
			}
			return outcome;
		}
	}

	private static void acceptAll(ServerSocketChannel server) {
		try {
			while (true) {
				server.accept().close();
			}
		}
		catch (IOException ex) {
			// Closed by the test.
		}
	}

	private JsonNode getLoopback() throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri("/actuator/loopback")).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private double sockets(String component, String outcome, String reason) {
		return this.registry.get(LoopbackFastPathMetrics.SOCKETS)
			.tags("component", component, "outcome", outcome, "reason", reason)
			.functionCounter()
			.count();
	}

	private static void assertCounts(JsonNode counts, long applied, long failed, long skipped) {
		assertThat(counts.path("applied").asLong()).as("applied").isEqualTo(applied);
		assertThat(counts.path("failed").asLong()).as("failed").isEqualTo(failed);
		assertThat(counts.path("skipped").asLong()).as("skipped").isEqualTo(skipped);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
