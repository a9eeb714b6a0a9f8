package com.example.unixsidecar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.loopbackfastpath.test.Curl;
import io.github.loopbackfastpath.test.LoopbackHttp;
import io.github.loopbackfastpath.test.StandInRecord;
import io.github.loopbackfastpath.test.UnixSidecar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring MVC on Tomcat serving on a Unix socket besides its TCP port, and reaching a sidecar that
 * listens only on a Unix socket (nothing on its TCP port) through a route, with RestClient on
 * Apache HttpClient (Spring Boot's first choice here) and WebClient on Reactor Netty: a real
 * client ({@code curl --unix-socket}) gets the application's answer over its socket, and the
 * {@code unix} object of {@code /actuator/loopback} counts what the sidecar and the server saw.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class UnixSidecarApplicationTests {

	@TempDir
	static Path directory;

	private static int sidecarPort;

	private static Path sidecarSocket;

	private static UnixSidecar sidecar;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void startSidecar() throws IOException {
		sidecarPort = UnixSidecar.unusedPort();
		sidecarSocket = directory.resolve("sidecar.sock");
		sidecar = UnixSidecar.start(sidecarSocket);
	}

	@DynamicPropertySource
	static void sockets(DynamicPropertyRegistry registry) {
		registry.add("loopback.fastpath.unix.server.path", () -> directory.resolve("app.sock").toString());
		registry.add("loopback.fastpath.unix.routes." + sidecarPort, sidecarSocket::toString);
		registry.add("sidecar.url", () -> "http://127.0.0.1:" + sidecarPort);
	}

	@AfterAll
	static void stopSidecar() throws IOException {
		sidecar.close();
	}

	@Test
	void servesOverItsSocketAndReachesTheUnixOnlySidecar() throws Exception {
		Path appSocket = directory.resolve("app.sock");
		assertThat(Curl.get(appSocket, "/rest")).isEqualTo("sidecar says " + UnixSidecar.BODY);
		assertThat(LoopbackHttp.get("127.0.0.1", this.port, "/web")).isEqualTo("sidecar says " + UnixSidecar.BODY);
		// Nothing listens on the sidecar's TCP port: both answers came over its socket, for the
		// URL the application asked for.
		assertThat(sidecar.hosts()).hasSize(2).containsOnly("127.0.0.1:" + sidecarPort);

		// The TCP listener got the call before it listened; Unix sockets get none.
		StandInRecord record = StandInRecord.read().hasOneListenerOn(this.port);
		assertThat(record.clients()).isEmpty();

		DocumentContext report = JsonPath.parse(LoopbackHttp.get("127.0.0.1", this.port, "/actuator/loopback"));
		assertThat(report.read("$.unix.server.path", String.class)).isEqualTo(appSocket.toString());
		// One connection came over the socket: curl's.
		assertThat(report.read("$.unix.server.acceptedConnections", Long.class)).isEqualTo(1);
		assertThat(report.read("$.unix.routes", Map.class)).containsOnlyKeys(String.valueOf(sidecarPort));
		String route = "$.unix.routes." + sidecarPort;
		assertThat(report.read(route + ".path", String.class)).isEqualTo(sidecarSocket.toString());
		assertThat(report.read(route + ".connections", Long.class)).isPositive().isEqualTo(sidecar.connections());
		assertThat(report.read(route + ".fallbacks", Long.class)).isZero();
		assertThat(report.read(route + ".failures", Long.class)).isZero();
		assertThat(report.read("$.unix.notCovered", Map.class)).isEmpty();
		assertThat(report.read("$.components.tomcat.applied", Long.class)).isEqualTo(record.listeners().size());
		assertThat(report.read("$.listeners[*].component", List.class)).containsOnly("tomcat");

		assertThat(Files.exists(appSocket)).isTrue();
	}

}
