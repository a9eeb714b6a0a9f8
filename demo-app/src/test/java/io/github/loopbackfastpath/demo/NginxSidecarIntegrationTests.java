package io.github.loopbackfastpath.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.outcome.FastPathOutcome;
import io.github.loopbackfastpath.test.Curl;
import io.github.loopbackfastpath.test.EnabledIfWsaStandIn;
import io.github.loopbackfastpath.test.LoopbackHttp;
import io.github.loopbackfastpath.test.UnixSidecar;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.unix.UnixRoute;
import io.github.loopbackfastpath.unix.UnixSocketListener;
import io.github.loopbackfastpath.unix.UnixSocketPaths;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo's second mode: a real nginx on 127.0.0.1 as the sidecar, inbound and outbound.
 * Requests flow test client → nginx → demo (inbound) and demo → nginx → upstream
 * (outbound), all over loopback, with the C stand-in of {@code WSAIoctl} counting the
 * demo's native calls. The same over Unix sockets only: nginx {@code listen unix:} in
 * front of the demo's socket and {@code proxy_pass http://unix:} onwards, the demo
 * reaching nginx through its route. nginx comes from Debian's package ({@code .ci/run}
 * installs it); where it is missing the tests are reported as skipped, with the reason,
 * so that {@code ./mvnw verify} still runs on a machine with only a JDK.
 */
@EnabledIfWsaStandIn
class NginxSidecarIntegrationTests {

	private static final Duration STARTUP = Duration.ofSeconds(15);

	@TempDir
	Path prefix;

	private Process nginx;

	@BeforeEach
	void installStandIn() {
		assumeTrue(nginxBinary() != null,
				"nginx is not installed (apt-get install nginx; .ci/run does): the real-sidecar test is skipped");
		WsaStandIn.install();
	}

	@AfterEach
	void stop() throws InterruptedException {
		WsaStandIn.uninstall();
		if (this.nginx != null) {
			this.nginx.destroy();
			if (!this.nginx.waitFor(10, TimeUnit.SECONDS)) {
				this.nginx.destroyForcibly();
			}
		}
	}

	@Test
	void trafficFlowsThroughNginxBothWaysAndTheCountsMatch() throws Exception {
		int sidecarPort = freeLoopbackPort();
		int upstreamPort = freeLoopbackPort();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DemoApplication.class)
			.properties("server.port=0", "demo.sidecar.mode=external", "demo.sidecar.port=" + sidecarPort)
			.run()) {
			int appPort = ((WebServerApplicationContext) context).getWebServer().getPort();
			startNginx(sidecarPort, upstreamPort, appPort);

			// client → nginx → demo; inside: demo → nginx → upstream, and demo → nginx
			// → demo
			String hello = LoopbackHttp.get("127.0.0.1", sidecarPort, "/app/hello");
			assertThat(hello).contains("nginx-upstream").contains("\"inbound\":\"pong\"");

			LoopbackFastPath fastPath = context.getBean(LoopbackFastPath.class);
			Map<String, ComponentStats> components = fastPath.outcomes().components();
			List<WsaStandIn.Call> calls = WsaStandIn.calls();
			assertThat(calls).allSatisfy((call) -> assertThat(call.violation()).isEmpty());
			long applied = components.values().stream().mapToLong(ComponentStats::applied).sum();
			assertThat(applied).as("every native call is an applied outcome").isEqualTo(calls.size());
			assertThat(components.get("tomcat").applied()).isEqualTo(1);
			assertThat(components.get("restclient").applied()).isPositive();
			assertThat(components.get("webclient").applied()).isPositive();
			assertThat(components.get("restclient").destinations()).containsOnlyKeys(sidecarPort);
			assertThat(components.get("webclient").destinations()).containsOnlyKeys(sidecarPort);
			FastPathListener listener = fastPath.outcomes().listeners().get(0);
			assertThat(listener.outcome()).isEqualTo(FastPathOutcome.applied());
			assertThat(listener.acceptedConnections()).as("nginx connected to the demo").isPositive();

			String report = LoopbackHttp.get("127.0.0.1", sidecarPort, "/app/actuator/loopback");
			assertThat(report).contains("\"restclient\"").contains("\"webclient\"").contains("\"tomcat\"");
		}
	}

	@Test
	void trafficFlowsThroughNginxOverUnixSocketsBothWays() throws Exception {
		// nginx listens only on Unix sockets: "listen unix:" in front of the
		// application's socket,
		// and the application's route to it; "proxy_pass http://unix:" onwards.
		int sidecarPort = UnixSidecar.unusedPort();
		Path outbound = this.prefix.resolve("outbound.sock");
		Path upstream = this.prefix.resolve("upstream.sock");
		Path app = this.prefix.resolve("app.sock");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DemoApplication.class)
			.properties("server.port=0", "demo.sidecar.mode=external", "demo.sidecar.port=" + sidecarPort,
					"loopback.fastpath.unix.routes." + sidecarPort + "=" + outbound,
					"loopback.fastpath.unix.server.path=" + app, "loopback.fastpath.unix.on-unavailable=fail")
			.run()) {
			writeConfAndStart("""
					    server {
					        listen unix:%1$s/outbound.sock;
					        location /upstream/ { proxy_pass http://unix:%1$s/upstream.sock:/; }
					        location /app/ { proxy_pass http://unix:%1$s/app.sock:/; }
					    }
					    server {
					        listen unix:%1$s/upstream.sock;
					        default_type application/json;
					        location / { return 200 '{"from":"nginx-unix-upstream","path":"$uri"}'; }
					    }
					""".formatted(this.prefix));
			awaitSockets(outbound, upstream);

			// client → nginx → demo, all over Unix sockets; inside: demo → nginx →
			// upstream and demo → nginx → demo, through the route (on-unavailable=fail:
			// no TCP fallback)
			String hello = Curl.get(outbound, "/app/hello");
			assertThat(hello).contains("nginx-unix-upstream").contains("\"inbound\":\"pong\"");
			UnixSocketTransport transport = context.getBean(UnixSocketTransport.class);
			UnixRoute route = transport.routes().get(sidecarPort);
			assertThat(route.connections()).isPositive();
			assertThat(route.failures()).isZero();
			UnixSocketListener listener = transport.server();
			assertThat(listener).isNotNull();
			assertThat(listener.acceptedConnections()).as("nginx connected to the demo's socket")
				.isGreaterThanOrEqualTo(2);
		}
	}

	private void writeConfAndStart(String servers) throws IOException {
		Path conf = this.prefix.resolve("nginx.conf");
		Files.writeString(conf, """
				daemon off;
				master_process off;
				worker_processes 1;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log warn;
				events { worker_connections 64; }
				http {
				    access_log off;
				    client_body_temp_path %1$s/body;
				    proxy_temp_path %1$s/proxy;
				    fastcgi_temp_path %1$s/fastcgi;
				    uwsgi_temp_path %1$s/uwsgi;
				    scgi_temp_path %1$s/scgi;
				%2$s
				}
				""".formatted(this.prefix, servers));
		this.nginx = new ProcessBuilder(Objects.requireNonNull(nginxBinary()), "-p", this.prefix.toString(), "-c",
				conf.toString(), "-e", this.prefix.resolve("error.log").toString())
			.redirectErrorStream(true)
			.redirectOutput(this.prefix.resolve("nginx.out").toFile())
			.start();
	}

	private void awaitSockets(Path... sockets) throws InterruptedException {
		awaitListening(() -> Arrays.stream(sockets).allMatch(UnixSocketPaths::isSocket));
	}

	private void awaitListening(BooleanSupplier listening) throws InterruptedException {
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (!listening.getAsBoolean()) {
			assertThat(this.nginx.isAlive()).as(() -> "nginx exited: " + read("nginx.out") + read("error.log"))
				.isTrue();
			assertThat(System.nanoTime()).as("nginx listening within " + STARTUP).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private void startNginx(int sidecarPort, int upstreamPort, int appPort) throws IOException, InterruptedException {
		writeConfAndStart("""
				    upstream demo { server 127.0.0.1:%3$d; keepalive 4; }
				    server {
				        listen 127.0.0.1:%1$d;
				        location /upstream/ { proxy_pass http://127.0.0.1:%2$d/; }
				        location /app/ {
				            proxy_pass http://demo/;
				            proxy_http_version 1.1;
				            proxy_set_header Connection "";
				        }
				    }
				    server {
				        listen 127.0.0.1:%2$d;
				        default_type application/json;
				        location / { return 200 '{"from":"nginx-upstream","path":"$uri"}'; }
				    }
				""".formatted(sidecarPort, upstreamPort, appPort));
		awaitListening(() -> accepts(sidecarPort) && accepts(upstreamPort));
	}

	private static @Nullable String nginxBinary() {
		for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
			if (Files.isExecutable(Path.of(candidate))) {
				return candidate;
			}
		}
		return null;
	}

	private String read(String file) {
		try {
			return Files.readString(this.prefix.resolve(file));
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freeLoopbackPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
