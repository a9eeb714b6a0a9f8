package com.example.mvcjdkclientroute;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.loopbackfastpath.test.LoopbackHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue #23: a new Spring MVC application (webmvc + restclient, so Spring Boot's JDK
 * HttpClient) with a route to a sidecar that listens only on a Unix socket. Built as it is, the
 * startup says once, at WARN, that the route does not cover its clients and which dependency to
 * add, and the status says the same; built again with only that dependency added (the
 * {@code follow-the-warning} profile, {@code -Dmatrix.httpclient5=true}), the route works.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class MvcJdkClientRouteApplicationTests {

	private static final String HTTPCLIENT5 = "org.apache.httpcomponents.client5:httpclient5";

	private static final boolean FOLLOWED = Boolean.getBoolean("matrix.httpclient5");

	@TempDir
	static Path directory;

	private static int sidecarPort;

	private static JdkUnixSidecar sidecar;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void startSidecar() throws IOException {
		try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			// Nothing listens on it once closed: a request answered came over the socket.
			sidecarPort = unused.getLocalPort();
		}
		sidecar = new JdkUnixSidecar(directory.resolve("sidecar.sock"));
	}

	@DynamicPropertySource
	static void route(DynamicPropertyRegistry registry) {
		registry.add("loopback.fastpath.unix.routes." + sidecarPort, () -> directory.resolve("sidecar.sock").toString());
		registry.add("sidecar.url", () -> "http://127.0.0.1:" + sidecarPort);
	}

	@AfterAll
	static void stopSidecar() throws IOException, InterruptedException {
		sidecar.close();
	}

	@Test
	void theStartupMessageFollowedLiterallyMakesTheRouteWork(CapturedOutput output) throws IOException {
		String route = "$.unix.routes." + sidecarPort;
		if (!FOLLOWED) {
			// Nothing listens on the sidecar's TCP port and the JDK client cannot take the route.
			assertThat(catchThrowable(() -> LoopbackHttp.get("127.0.0.1", this.port, "/hello"))).isNotNull();
			assertThat(output.getOut().split("do not cover", -1)).as("WARN lines about the route").hasSize(2);
			assertThat(output.getOut()).contains("WARN")
				.contains("do not cover restclient, resttemplate: JdkClientHttpRequestFactoryBuilder")
				.contains("add the dependency " + HTTPCLIENT5);
			DocumentContext report = JsonPath.parse(LoopbackHttp.get("127.0.0.1", this.port, "/actuator/loopback"));
			assertThat(report.read("$.unix.notCovered.restclient", String.class)).contains(HTTPCLIENT5);
			assertThat(report.read(route + ".connections", Long.class)).isZero();
			assertThat(sidecar.connections()).isZero();
		}
		else {
			assertThat(LoopbackHttp.get("127.0.0.1", this.port, "/hello")).isEqualTo("sidecar says " + JdkUnixSidecar.BODY);
			assertThat(output.getOut()).doesNotContain("do not cover");
			DocumentContext report = JsonPath.parse(LoopbackHttp.get("127.0.0.1", this.port, "/actuator/loopback"));
			assertThat(report.read("$.unix.notCovered", Map.class)).isEmpty();
			assertThat(report.read(route + ".connections", Long.class)).isPositive().isEqualTo(sidecar.connections());
			assertThat(report.read(route + ".fallbacks", Long.class)).isZero();
		}
	}

	/**
	 * A sidecar on a Unix socket only, on the JDK alone: the autoconfigure test-jar's
	 * {@code UnixSidecar} needs Reactor Netty, which would make Spring Boot pick it for RestClient.
	 * One response per connection, then the connection is closed.
	 */
	static final class JdkUnixSidecar {

		static final String BODY = "unix-pong";

		private final ServerSocketChannel server;

		private final Thread acceptor;

		private final AtomicInteger connections = new AtomicInteger();

		JdkUnixSidecar(Path path) throws IOException {
			this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
			this.server.bind(UnixDomainSocketAddress.of(path));
			this.acceptor = new Thread(this::serve, "unix-sidecar");
			this.acceptor.start();
		}

		private void serve() {
			while (this.server.isOpen()) {
				try (SocketChannel channel = this.server.accept()) {
					this.connections.incrementAndGet();
					ByteBuffer buffer = ByteBuffer.allocate(8192);
					StringBuilder request = new StringBuilder();
					while (request.indexOf("\r\n\r\n") < 0 && channel.read(buffer) > 0) {
						buffer.flip();
						request.append(StandardCharsets.US_ASCII.decode(buffer));
						buffer.clear();
					}
					channel.write(StandardCharsets.US_ASCII.encode("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
							+ "Content-Length: " + BODY.length() + "\r\nConnection: close\r\n\r\n" + BODY));
				}
				catch (IOException ex) {
					// Closed: the loop ends.
				}
			}
		}

		int connections() {
			return this.connections.get();
		}

		void close() throws IOException, InterruptedException {
			this.server.close();
			this.acceptor.join(10_000);
		}

	}

}
