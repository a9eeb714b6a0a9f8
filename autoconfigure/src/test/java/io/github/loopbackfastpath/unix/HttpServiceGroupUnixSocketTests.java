package io.github.loopbackfastpath.unix;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.UnixSidecar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * HTTP service groups ({@code @ImportHttpServices}) follow the Unix-socket routes as the
 * auto-configured builders do: a group whose base URL names a routed loopback port
 * reaches a sidecar that listens only on a Unix socket (nothing listens on the TCP port),
 * keeps its own settings on the way, and falls back to TCP, counted, when the socket is
 * missing.
 */
@EnabledIfUnixDomainSockets
class HttpServiceGroupUnixSocketTests {

	private static final int REQUESTS = 3;

	@TempDir
	Path dir;

	@ParameterizedTest
	@ValueSource(strings = { "http-components", "reactor" })
	@EnabledIfUnixDomainSockets
	void restClientGroupReachesTheUnixOnlySidecar(String factory) throws Exception {
		assertGroupRouted("spring.http.clients.imperative.factory=" + factory,
				(context) -> context.getBean(SidecarApi.class).get());
	}

	@Test
	@EnabledIfUnixDomainSockets
	void webClientGroupReachesTheUnixOnlySidecar() throws Exception {
		assertGroupRouted("spring.http.clients.reactive.connector=reactor",
				(context) -> context.getBean(AgentApi.class).get());
	}

	@ParameterizedTest
	@ValueSource(strings = { "http-components", "reactor" })
	@EnabledIfUnixDomainSockets
	void routedGroupKeepsItsReadTimeout(String factory) throws Exception {
		Path socket = this.dir.resolve("silent.sock");
		int port = UnixSidecar.unusedPort();
		// Bound and listening, never accepting or answering: the kernel completes the
		// connection, and only the group's read timeout ends the call.
		try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)
			.bind(UnixDomainSocketAddress.of(socket));
				ConfigurableApplicationContext context = start(port, socket,
						"spring.http.clients.imperative.factory=" + factory,
						"spring.http.serviceclient.sidecar.read-timeout=300ms")) {
			SidecarApi api = context.getBean(SidecarApi.class);
			assertTimeoutPreemptively(Duration.ofSeconds(10),
					() -> assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(api::get));
			// The group's connection went to the socket, not to the (empty) TCP port: it
			// waits in
			// the backlog, so a non-blocking accept takes it at once.
			silent.configureBlocking(false);
			try (SocketChannel accepted = silent.accept()) {
				assertThat(accepted).isNotNull();
			}
			UnixRoute route = context.getBean(UnixSocketTransport.class).routes().get(port);
			assertThat(route.connections()).isEqualTo(1);
			assertThat(route.fallbacks()).isZero();
		}
	}

	@Test
	void missingSocketFallsBackToTcpAndIsCounted() throws Exception {
		Path socket = this.dir.resolve("missing.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start(tcp.port(), socket,
						"spring.http.clients.imperative.factory=http-components",
						"spring.http.clients.reactive.connector=reactor")) {
			assertThat(context.getBean(SidecarApi.class).get()).isEqualTo("pong");
			assertThat(context.getBean(AgentApi.class).get()).isEqualTo("pong");
			assertThat(tcp.clientPorts()).hasSize(2);
			UnixRoute route = context.getBean(UnixSocketTransport.class).routes().get(tcp.port());
			assertThat(route.fallbacks()).isEqualTo(2);
			assertThat(route.connections()).isZero();
		}
	}

	private void assertGroupRouted(String clientProperty, Call call) throws Exception {
		Path socket = this.dir.resolve("sidecar.sock");
		int port = UnixSidecar.unusedPort();
		try (UnixSidecar sidecar = UnixSidecar.start(socket);
				ConfigurableApplicationContext context = start(port, socket, clientProperty)) {
			for (int i = 0; i < REQUESTS; i++) {
				assertThat(call.get(context)).isEqualTo(UnixSidecar.BODY);
			}
			// The group's base URL, as over TCP.
			assertThat(sidecar.hosts()).hasSize(REQUESTS).containsOnly("127.0.0.1:" + port);
			UnixSocketTransport transport = context.getBean(UnixSocketTransport.class);
			UnixRoute route = transport.routes().get(port);
			assertThat(route.connections()).isPositive().isEqualTo(sidecar.connections());
			assertThat(route.fallbacks()).isZero();
			assertThat(transport.coverage().notCovered()).isEmpty();
		}
	}

	private static ConfigurableApplicationContext start(int port, Path socket, String... properties) {
		String baseUrl = "http://127.0.0.1:" + port;
		return new SpringApplicationBuilder(ServiceApp.class).web(WebApplicationType.NONE)
			.properties("loopback.fastpath.enabled=true", "loopback.fastpath.unix.routes." + port + "=" + socket,
					"spring.http.serviceclient.sidecar.base-url=" + baseUrl,
					"spring.http.serviceclient.agent.base-url=" + baseUrl)
			.properties(properties)
			.run();
	}

	@FunctionalInterface
	interface Call {

		String get(ConfigurableApplicationContext context);

	}

	interface SidecarApi {

		@GetExchange("/")
		String get();

	}

	interface AgentApi {

		@GetExchange("/")
		String get();

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ImportHttpServices(group = "sidecar", types = SidecarApi.class)
	@ImportHttpServices(group = "agent", types = AgentApi.class, clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
	static class ServiceApp {

	}

}
