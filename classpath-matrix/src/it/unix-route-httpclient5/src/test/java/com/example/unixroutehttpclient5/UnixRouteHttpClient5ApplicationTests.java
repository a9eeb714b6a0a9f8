package com.example.unixroutehttpclient5;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.loopbackfastpath.test.LoopbackHttp;
import io.github.loopbackfastpath.test.StandInRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes on Apache HttpClient 5 alone: Spring MVC on Tomcat without Reactor Netty reaches a
 * sidecar that listens only on a Unix socket (nothing on its TCP port) with RestClient and
 * RestTemplate, and the {@code unix} object of {@code /actuator/loopback} counts the connections
 * the sidecar accepted.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class UnixRouteHttpClient5ApplicationTests {

	@TempDir
	static Path directory;

	private static int sidecarPort;

	private static Path sidecarSocket;

	private static UnixOnlySidecar sidecar;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void startSidecar() throws IOException {
		sidecarPort = UnixOnlySidecar.unusedPort();
		sidecarSocket = directory.resolve("sidecar.sock");
		sidecar = UnixOnlySidecar.start(sidecarSocket);
	}

	@DynamicPropertySource
	static void sockets(DynamicPropertyRegistry registry) {
		registry.add("loopback.fastpath.unix.routes." + sidecarPort, sidecarSocket::toString);
		registry.add("sidecar.url", () -> "http://127.0.0.1:" + sidecarPort);
	}

	@AfterAll
	static void stopSidecar() throws IOException {
		sidecar.close();
	}

	@Test
	void reachesTheUnixOnlySidecarOnApacheHttpClientWithoutReactorNetty() throws Exception {
		ClassLoader classLoader = getClass().getClassLoader();
		assertThat(ClassUtils.isPresent("reactor.netty.http.client.HttpClient", classLoader)).isFalse();
		assertThat(ClassUtils.isPresent("io.netty.channel.Channel", classLoader)).isFalse();

		assertThat(LoopbackHttp.get("127.0.0.1", this.port, "/rest")).isEqualTo("sidecar says " + UnixOnlySidecar.BODY);
		assertThat(LoopbackHttp.get("127.0.0.1", this.port, "/template"))
			.isEqualTo("sidecar says " + UnixOnlySidecar.BODY);
		// Nothing listens on the sidecar's TCP port: both answers came over its socket, for the
		// URL the application asked for.
		assertThat(sidecar.hosts()).hasSize(2).containsOnly("127.0.0.1:" + sidecarPort);

		// The TCP listener got the call before it listened; the Unix-socket connections get none.
		StandInRecord record = StandInRecord.read().hasOneListenerOn(this.port);
		assertThat(record.clients()).isEmpty();

		DocumentContext report = JsonPath.parse(LoopbackHttp.get("127.0.0.1", this.port, "/actuator/loopback"));
		assertThat(report.read("$.unix.server", Object.class)).isNull();
		assertThat(report.read("$.unix.routes", Map.class)).containsOnlyKeys(String.valueOf(sidecarPort));
		String route = "$.unix.routes." + sidecarPort;
		assertThat(report.read(route + ".path", String.class)).isEqualTo(sidecarSocket.toString());
		assertThat(report.read(route + ".connections", Long.class)).isPositive().isEqualTo(sidecar.connections());
		assertThat(report.read(route + ".fallbacks", Long.class)).isZero();
		assertThat(report.read(route + ".failures", Long.class)).isZero();
		assertThat(report.read("$.unix.notCovered", Map.class)).isEmpty();
	}

}
