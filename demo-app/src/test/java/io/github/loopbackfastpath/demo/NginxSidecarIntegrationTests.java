package io.github.loopbackfastpath.demo;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import static org.assertj.core.api.Assertions.catchThrowable;
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
		skipUnless(nginxBinary() != null,
				"nginx is not installed (apt-get install nginx; .ci/run does): the real-sidecar test is skipped");
		WsaStandIn.install();
	}

	/**
	 * Skips a test with its reason in the XML report and on the build's console: Surefire
	 * prints a forked JVM's native standard error as it comes, while
	 * {@code redirectTestOutputToFile} sends {@code System.out} and {@code System.err} to
	 * a file and an assumption's reason reaches only the report.
	 */
	private static void skipUnless(boolean condition, String reason) {
		if (!condition) {
			try {
				FileOutputStream console = new FileOutputStream(FileDescriptor.err);
				console.write(("[SKIPPED] NginxSidecarIntegrationTests: " + reason + System.lineSeparator())
					.getBytes(StandardCharsets.UTF_8));
				console.flush();
			}
			catch (IOException ex) {
				// The report still has the reason.
			}
			assumeTrue(false, reason);
		}
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
			UnixSocketListener listener = transport.server().listener();
			assertThat(listener).isNotNull();
			assertThat(listener.acceptedConnections()).as("nginx connected to the demo's socket")
				.isGreaterThanOrEqualTo(2);
		}
	}

	@Test
	void nginxWorkersOfAnotherUserReachTheSocketInTheDocumentedSetgidDirectory() throws Exception {
		assertNginxWorkersReachTheSocket("2750", true);
	}

	@Test
	void withoutTheSetgidBitTheSocketLocksNginxWorkersOut() throws Exception {
		// The recipe docs/unix-sockets.md gave before: the socket stays root:root
		// rw-rw----, so nginx's workers get EACCES.
		assertNginxWorkersReachTheSocket("750", false);
	}

	/**
	 * docs/unix-sockets.md's recipe with nginx as the sidecar: its workers run as
	 * {@code www-data}, the application (this JVM, as root) binds its socket in a
	 * directory made with {@code install -d -m <mode> -g <sidecars' group>}, here the
	 * group {@code www-data}.
	 */
	private void assertNginxWorkersReachTheSocket(String mode, boolean reachable) throws Exception {
		skipUnless("root".equals(System.getProperty("user.name")),
				"not running as root: nginx cannot start its workers as www-data, so the socket-permission "
						+ "recipe is not proven here (CI runs as root)");
		skipUnless(userExists("www-data"), "no www-data user on this machine (Debian's nginx package creates it)");
		// The workers must be able to traverse the test's own directory to reach the
		// socket directory, as /run is traversable.
		Files.setPosixFilePermissions(this.prefix, PosixFilePermissions.fromString("rwx--x--x"));
		Path dir = this.prefix.resolve("app");
		run("install", "-d", "-m", mode, "-g", "www-data", dir.toString());
		int sidecarPort = UnixSidecar.unusedPort();
		Path outbound = this.prefix.resolve("outbound.sock");
		Path app = dir.resolve("http.sock");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DemoApplication.class)
			.properties("server.port=0", "demo.sidecar.mode=external", "demo.sidecar.port=" + sidecarPort,
					"loopback.fastpath.unix.routes." + sidecarPort + "=" + outbound,
					"loopback.fastpath.unix.server.path=" + app)
			.run()) {
			writeConfAndStart("www-data www-data", """
					    server {
					        listen unix:%1$s;
					        location /app/ { proxy_pass http://unix:%2$s:/; }
					    }
					""".formatted(outbound, app));
			awaitSockets(outbound);
			assertThat(this.nginx.toHandle().children().map((worker) -> worker.info().user().orElse("?")))
				.as("nginx workers")
				.isNotEmpty()
				.containsOnly("www-data");
			assertThat(Files.getAttribute(app, "posix:group").toString())
				.as("group of the socket in a %s directory", mode)
				.isEqualTo(reachable ? "www-data" : "root");
			if (reachable) {
				assertThat(Curl.get(outbound, "/app/ping")).isEqualTo("pong");
			}
			else {
				assertThat(catchThrowable(() -> Curl.get(outbound, "/app/ping"))).hasMessageContaining("502");
				assertThat(read("error.log")).contains("(13: Permission denied)");
			}
		}
	}

	private static boolean userExists(String user) {
		try {
			return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch((line) -> line.startsWith(user + ":"));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
	}

	private void writeConfAndStart(String servers) throws IOException {
		writeConfAndStart(null, servers);
	}

	/**
	 * Starts nginx in the foreground; with a {@code user}, as a master process (this
	 * JVM's user) with one worker of that user and group, the way nginx runs as a
	 * service: nginx ignores {@code user} without a master process.
	 */
	private void writeConfAndStart(@Nullable String user, String servers) throws IOException {
		Path conf = this.prefix.resolve("nginx.conf");
		String processes = (user != null) ? "master_process on;\nuser " + user + ";" : "master_process off;";
		Files.writeString(conf, """
				daemon off;
				%3$s
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
				""".formatted(this.prefix, servers, processes));
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
