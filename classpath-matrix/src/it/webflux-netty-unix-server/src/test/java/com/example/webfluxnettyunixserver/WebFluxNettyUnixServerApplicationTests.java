package com.example.webfluxnettyunixserver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.loopbackfastpath.test.Curl;
import io.github.loopbackfastpath.test.LoopbackHttp;
import io.github.loopbackfastpath.test.StandInRecord;
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
 * The Reactor Netty server on {@code unix.server.path} without Tomcat: a real client
 * ({@code curl --unix-socket}) gets the application's answer over its socket, the TCP listener
 * ({@code netty-server}) got the stand-in's call before it listened, and the {@code unix} object
 * of {@code /actuator/loopback} names the socket and counts curl's connection.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WebFluxNettyUnixServerApplicationTests {

	@TempDir
	static Path directory;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void socket(DynamicPropertyRegistry registry) {
		registry.add("loopback.fastpath.unix.server.path", () -> directory.resolve("app.sock").toString());
	}

	@Test
	void servesOverItsUnixSocketOnReactorNettyWithoutTomcat() throws Exception {
		ClassLoader classLoader = getClass().getClassLoader();
		assertThat(ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", classLoader)).isFalse();

		Path appSocket = directory.resolve("app.sock");
		assertThat(Curl.get(appSocket, "/hello")).isEqualTo("hello from webflux");

		StandInRecord record = StandInRecord.read().hasOneListenerOn(this.port);
		assertThat(record.clients()).isEmpty();

		DocumentContext report = JsonPath.parse(LoopbackHttp.get("127.0.0.1", this.port, "/actuator/loopback"));
		assertThat(report.read("$.unix.server.path", String.class)).isEqualTo(appSocket.toString());
		// One connection came over the socket: curl's.
		assertThat(report.read("$.unix.server.acceptedConnections", Long.class)).isEqualTo(1);
		// The TCP listener and the Unix-socket one, both the Netty server's.
		assertThat(report.read("$.listeners[*].component", List.class)).hasSize(2).containsOnly("netty-server");
		assertThat(report.read("$.components['netty-server'].applied", Long.class))
			.isEqualTo(record.listeners().size());
		assertThat(Files.exists(appSocket)).isTrue();
	}

}
