package io.github.loopbackfastpath.unix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.jayway.jsonpath.JsonPath;
import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.test.Curl;
import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.FailureAnalyses;
import io.github.loopbackfastpath.test.LoopbackHttp;
import io.github.loopbackfastpath.test.TestPaths;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded server also listens on {@code loopback.fastpath.unix.server.path}: the
 * real {@code curl --unix-socket} gets the application's answers, the TCP port keeps
 * working, the socket file has the configured permissions and is gone after shutdown.
 * Reactor Netty runs on epoll here (its default on Linux);
 * {@link UnixSocketNettyNioServerTests} runs it on NIO.
 */
@ExtendWith(OutputCaptureExtension.class)
@Tag("unix")
class UnixSocketServerTests {

	static final String EXCLUDE_NETTY = "spring.autoconfigure.exclude=org.springframework.boot.reactor.netty."
			+ "autoconfigure.NettyReactiveWebServerAutoConfiguration";

	static final String EXCLUDE_TOMCAT = "spring.autoconfigure.exclude=org.springframework.boot.tomcat.autoconfigure."
			+ "reactive.TomcatReactiveWebServerAutoConfiguration";

	@TempDir
	Path dir;

	@Test
	@EnabledIfUnixDomainSockets
	void springMvcOnTomcatServesOverItsUnixSocket(CapturedOutput output) throws Exception {
		Path socket = this.dir.resolve("app.sock");
		try (ConfigurableApplicationContext context = start(MvcApp.class, WebApplicationType.SERVLET, socket,
				"management.endpoints.web.exposure.include=loopback",
				"loopback.fastpath.unix.routes.15001=" + TestPaths.absolute("run", "e.sock"))) {
			assertServesOverUnixSocketAndTcp(context, socket, "tomcat");
			assertThat(output.getOut().lines().filter((line) -> line.contains("Loopback fast path:")))
				.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
				.contains("AF_UNIX: server tomcat on " + socket)
				.contains("routes loopback:15001 -> " + TestPaths.absolute("run", "e.sock") + " (on-unavailable=tcp)");
			String status = Curl.get(socket, "/actuator/loopback");
			assertThat((String) JsonPath.read(status, "$.unix.server.path")).isEqualTo(socket.toString());
			assertThat((String) JsonPath.read(status, "$.unix.server.component")).isEqualTo("tomcat");
			if (TestPaths.hasPosixPermissions(socket)) {
				assertThat((String) JsonPath.read(status, "$.unix.server.permissions")).isEqualTo("rw-rw----");
				assertThat((Object) JsonPath.read(status, "$.unix.server.permissionsNotApplied")).isNull();
			}
			else {
				assertThat((Object) JsonPath.read(status, "$.unix.server.permissions")).isNull();
				assertThat((String) JsonPath.read(status, "$.unix.server.permissionsNotApplied"))
					.startsWith("rw-rw----")
					.contains("could not be applied");
			}
			assertThat((Integer) JsonPath.read(status, "$.unix.server.acceptedConnections")).isGreaterThanOrEqualTo(3);
			// The Unix listener is also among the listeners, as a socket with no TCP
			// stack to bypass.
			FastPathListener listener = context.getBean(LoopbackFastPath.class)
				.outcomes()
				.listeners()
				.stream()
				.filter((candidate) -> candidate.address().contains(socket.toString()))
				.findFirst()
				.orElseThrow();
			assertThat(listener.note()).contains("Unix domain socket");
		}
		assertThat(socket).doesNotExist();
		// Graceful shutdown closes the server socket (and the endpoint removes its file),
		// then the connector's stop closes it again: that second close must not fail.
		assertThat(output).doesNotContain("Failed to close server socket").doesNotContain("NoSuchFileException");
	}

	@Test
	@EnabledIfUnixDomainSockets
	void webFluxOnTomcatServesOverItsUnixSocket() throws Exception {
		Path socket = this.dir.resolve("app.sock");
		try (ConfigurableApplicationContext context = start(FluxApp.class, WebApplicationType.REACTIVE, socket,
				EXCLUDE_NETTY)) {
			assertServesOverUnixSocketAndTcp(context, socket, "tomcat");
		}
		assertThat(socket).doesNotExist();
	}

	@Test
	@EnabledIfUnixDomainSockets
	@EnabledOnOs(value = OS.LINUX, disabledReason = "epoll is Linux's; elsewhere Reactor Netty runs NIO, "
			+ "which UnixSocketNettyNioServerTests covers")
	void webFluxOnReactorNettyEpollServesOverItsUnixSocket() throws Exception {
		assertThat(Epoll.isAvailable()).as("this test proves the epoll case; epoll must be available").isTrue();
		Path socket = this.dir.resolve("app.sock");
		try (ConfigurableApplicationContext context = start(FluxApp.class, WebApplicationType.REACTIVE, socket,
				EXCLUDE_TOMCAT)) {
			assertServesOverUnixSocketAndTcp(context, socket, "netty-server");
			assertListedAtItsPath(context, socket);
		}
		assertThat(socket).doesNotExist();
	}

	@Test
	void aRegularFileWithDataAtThePathStopsStartupAndStaysIntact() throws Exception {
		Path file = Files.writeString(this.dir.resolve("app.sock"), "precious data");
		assertThatException().isThrownBy(() -> start(MvcApp.class, WebApplicationType.SERVLET, file))
			.satisfies((ex) -> {
				FailureAnalysis analysis = FailureAnalyses.analyze(ex);
				assertThat(analysis.getDescription()).contains("loopback.fastpath.unix.server.path")
					.contains("not a Unix socket");
			});
		assertThat(file).hasContent("precious data");
	}

	@Test
	@EnabledIfUnixDomainSockets
	void tomcatServesFromADirectoryWithTheGroupPermissionsTheSocketNeeds() throws Exception {
		assumeTrue(TestPaths.hasPosixPermissions(this.dir), "no POSIX permissions on this file system");
		Path directory = Files.createDirectory(this.dir.resolve("run"));
		Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-x---"));
		Path socket = directory.resolve("app.sock");
		try (ConfigurableApplicationContext context = start(MvcApp.class, WebApplicationType.SERVLET, socket)) {
			assertThat(Curl.get(socket, "/ping")).isEqualTo("pong");
		}
	}

	@Test
	@EnabledIfUnixDomainSockets
	void aStaleSocketIsReplaced() throws Exception {
		Path socket = this.dir.resolve("app.sock");
		io.github.loopbackfastpath.test.UnixSidecar.stale(socket);
		assertThat(UnixSocketPaths.isSocket(socket)).isTrue();
		try (ConfigurableApplicationContext context = start(MvcApp.class, WebApplicationType.SERVLET, socket)) {
			assertThat(Curl.get(socket, "/ping")).isEqualTo("pong");
		}
		assertThat(socket).doesNotExist();
	}

	static void assertServesOverUnixSocketAndTcp(ConfigurableApplicationContext context, Path socket, String component)
			throws Exception {
		assertThat(Curl.get(socket, "/ping")).isEqualTo("pong");
		assertThat(Curl.get(socket, "/ping")).isEqualTo("pong");
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		assertThat(LoopbackHttp.get("127.0.0.1", port, "/ping")).isEqualTo("pong");
		UnixSocketListener listener = context.getBean(UnixSocketTransport.class).server().listener();
		assertThat(listener).isNotNull();
		if (TestPaths.hasPosixPermissions(socket)) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
			assertThat(listener.permissions()).isEqualTo("rw-rw----");
			assertThat(listener.permissionsNotApplied()).isNull();
		}
		else {
			// Windows: the default permissions cannot apply, and the status says so.
			assertThat(listener.permissions()).isNull();
			assertThat(listener.permissionsNotApplied()).startsWith("rw-rw----").contains("could not be applied");
		}
		assertThat(listener.component()).isEqualTo(component);
		assertThat(listener.path()).isEqualTo(socket);
		assertThat(listener.acceptedConnections()).isGreaterThanOrEqualTo(2);
	}

	/**
	 * The Reactor Netty Unix listener is among the listeners at its configured path, not
	 * at the private directory it is bound in before it is linked there.
	 */
	static void assertListedAtItsPath(ConfigurableApplicationContext context, Path socket) {
		assertThat(context.getBean(LoopbackFastPath.class).outcomes().listeners())
			.filteredOn((listener) -> "netty-server".equals(listener.component()) && listener.note() != null
					&& listener.note().contains("Unix domain socket"))
			.singleElement()
			.satisfies((listener) -> assertThat(listener.address()).isEqualTo(socket.toString()));
	}

	static ConfigurableApplicationContext start(Class<?> app, WebApplicationType type, Path socket,
			String... properties) {
		return new SpringApplicationBuilder(app).web(type)
			.properties("server.port=0", "loopback.fastpath.enabled=true",
					"spring.reactor.netty.shutdown-quiet-period=0s", "loopback.fastpath.unix.server.path=" + socket)
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@RestController
	static class MvcApp {

		@GetMapping("/ping")
		String ping() {
			return "pong";
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class FluxApp {

		@Bean
		RouterFunction<ServerResponse> ping() {
			return RouterFunctions.route().GET("/ping", (request) -> ServerResponse.ok().bodyValue("pong")).build();
		}

	}

}
