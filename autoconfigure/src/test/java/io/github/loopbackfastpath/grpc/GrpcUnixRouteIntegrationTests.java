package io.github.loopbackfastpath.grpc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.GrpcEcho;
import io.github.loopbackfastpath.test.GrpcSidecar;
import io.github.loopbackfastpath.test.UnixSidecar;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandInExtension;
import io.github.loopbackfastpath.unix.OnUnavailable;
import io.github.loopbackfastpath.unix.StillClockTransport;
import io.github.loopbackfastpath.unix.UnixRoute;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.github.loopbackfastpath.unix.UnixSocketUnavailableException;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;
import org.springframework.grpc.client.GrpcChannelFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Unix-socket routes ({@code loopback.fastpath.unix.routes}) for the channels of Spring
 * Boot's {@code GrpcChannelFactory} on grpc-netty: real gRPC calls to a loopback
 * {@code host:port} whose port is routed to a socket where only a Unix-socket gRPC server
 * listens, the fallback to a TCP server on that port, the failure with
 * {@code on-unavailable=fail}, a stale socket, and the C stand-in of {@code WSAIoctl},
 * which sees the TCP connections only. The application has no gRPC server of its own.
 */
@ExtendWith(WsaStandInExtension.class)
@EnabledIfUnixDomainSockets
class GrpcUnixRouteIntegrationTests {

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "[::1]", "localhost" })
	void callsToARoutedPortTravelOverTheUnixSocket(String host) throws Exception {
		int port = UnixSidecar.unusedPort();
		Path socket = this.directory.resolve("grpc.sock");
		try (GrpcSidecar sidecar = GrpcSidecar.unix(socket);
				ConfigurableApplicationContext context = start(
						"loopback.fastpath.unix.routes." + port + "=" + socket)) {
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel(host + ":" + port);
			// Nothing listens on the TCP port: the calls can only have taken the socket.
			assertThat(GrpcEcho.call(channel, "ping")).isEqualTo("echo:ping");
			assertThat(GrpcEcho.call(channel, "again")).isEqualTo("echo:again");
			assertThat(sidecar.echo().clientPorts()).as("two calls from a Unix-socket client").containsExactly(-1, -1);
			UnixSocketTransport transport = context.getBean(UnixSocketTransport.class);
			UnixRoute route = transport.routes().get(port);
			assertThat(route.connections()).as("one HTTP/2 connection carries both calls").isEqualTo(1);
			assertThat(route.fallbacks()).isZero();
			assertThat(route.failures()).isZero();
			assertThat(transport.coverage().notCovered()).isEmpty();
			assertThat(WsaStandIn.calls()).as("a Unix socket is not offered the TCP fast path").isEmpty();
		}
	}

	@Test
	void routedConnectionsLogNoWarningAboutTheTcpOptionsGrpcSets() throws Exception {
		int port = UnixSidecar.unusedPort();
		Path socket = this.directory.resolve("grpc.sock");
		ListAppender<ILoggingEvent> events = new ListAppender<>();
		try (GrpcSidecar sidecar = GrpcSidecar.unix(socket);
				ConfigurableApplicationContext context = start(
						"loopback.fastpath.unix.routes." + port + "=" + socket)) {
			// After startup: the application's logging setup resets Logback's
			// appenders. The client's bootstrap only: the sidecar's server bootstrap
			// has its own logger.
			Logger bootstrapLogger = (Logger) LoggerFactory.getLogger(Bootstrap.class);
			events.start();
			bootstrapLogger.addAppender(events);
			try {
				ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("127.0.0.1:" + port);
				assertThat(GrpcEcho.call(channel, "ping")).isEqualTo("echo:ping");
				assertThat(sidecar.echo().clientPorts()).containsExactly(-1);
			}
			finally {
				bootstrapLogger.detachAppender(events);
			}
		}
		// gRPC-Java sets SO_KEEPALIVE on every connection; Netty's bootstrap logs a WARN
		// for each option that the channel's config does not accept.
		assertThat(events.list).noneMatch((event) -> event.getLevel().isGreaterOrEqual(Level.WARN));
	}

	@ParameterizedTest
	@ValueSource(strings = { "static://127.0.0.1:{port}", "tcp://localhost:{port}", "dns:///127.0.0.1:{port}", "named",
			"default" })
	void targetsThatSpringBootResolvesToARoutedLoopbackPortAreRouted(String target) throws Exception {
		int port = UnixSidecar.unusedPort();
		Path socket = this.directory.resolve("grpc.sock");
		try (GrpcSidecar sidecar = GrpcSidecar.unix(socket);
				ConfigurableApplicationContext context = start("loopback.fastpath.unix.routes." + port + "=" + socket,
						// The default channel's target is static://localhost:9090.
						"loopback.fastpath.unix.routes.9090=" + socket, "sidecar.port=" + port,
						"spring.grpc.client.channel.named.target=static://127.0.0.1:${sidecar.port}")) {
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class)
				.createChannel(target.replace("{port}", String.valueOf(port)));
			assertThat(GrpcEcho.call(channel, "ping")).isEqualTo("echo:ping");
			assertThat(sidecar.echo().clientPorts()).containsExactly(-1);
		}
	}

	@Test
	void unroutedTargetKeepsItsOneStandInCallAndTheRoutedOneMakesNone() throws Exception {
		int routedPort = UnixSidecar.unusedPort();
		Path socket = this.directory.resolve("grpc.sock");
		try (GrpcSidecar unix = GrpcSidecar.unix(socket);
				GrpcSidecar tcp = GrpcSidecar.tcp("127.0.0.1", 0);
				ConfigurableApplicationContext context = start(
						"loopback.fastpath.unix.routes." + routedPort + "=" + socket)) {
			GrpcChannelFactory channels = context.getBean(GrpcChannelFactory.class);
			assertThat(GrpcEcho.call(channels.createChannel("127.0.0.1:" + tcp.port()), "tcp")).isEqualTo("echo:tcp");
			assertThat(WsaStandIn.calls()).as("one call, before connect, for the unrouted connection")
				.singleElement()
				.satisfies((call) -> {
					assertThat(call.violation()).isEmpty();
					assertThat(call.connected()).isFalse();
					assertThat(WsaStandIn.boundPortNow(call.handle())).isEqualTo(tcp.echo().clientPorts().get(0));
				});
			assertThat(GrpcEcho.call(channels.createChannel("127.0.0.1:" + routedPort), "unix")).isEqualTo("echo:unix");
			assertThat(unix.echo().clientPorts()).containsExactly(-1);
			assertThat(WsaStandIn.calls()).as("none for the Unix-socket connection").hasSize(1);
			assertThat(context.getBean(LoopbackFastPath.class).outcomes().components().get("grpc-client").applied())
				.isEqualTo(1);
			assertThat(context.getBean(UnixSocketTransport.class).routes().get(routedPort).connections()).isEqualTo(1);
		}
	}

	@Test
	void missingSocketFallsBackToTcpUntilTheSidecarListensOnIt() throws Exception {
		Path socket = this.directory.resolve("grpc.sock");
		try (GrpcSidecar tcp = GrpcSidecar.tcp("127.0.0.1", 0);
				ConfigurableApplicationContext context = start(
						"loopback.fastpath.unix.routes." + tcp.port() + "=" + socket)) {
			UnixRoute route = context.getBean(UnixSocketTransport.class).routes().get(tcp.port());
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("127.0.0.1:" + tcp.port());
			assertThat(GrpcEcho.call(channel, "ping")).isEqualTo("echo:ping");
			assertThat(tcp.echo().clientPorts()).singleElement().isNotEqualTo(-1);
			assertThat(route.fallbacks()).isEqualTo(1);
			assertThat(route.connections()).isZero();
			assertThat(WsaStandIn.calls()).as("the TCP connection of a fallback is on the fast path").hasSize(1);
			try (GrpcSidecar unix = GrpcSidecar.unix(socket)) {
				// Closes the channel's connection: the next call opens a new one.
				channel.enterIdle();
				assertThat(GrpcEcho.call(channel, "again")).isEqualTo("echo:again");
				assertThat(unix.echo().clientPorts()).containsExactly(-1);
				assertThat(route.connections()).isEqualTo(1);
				assertThat(route.fallbacks()).isEqualTo(1);
				assertThat(tcp.echo().clientPorts()).hasSize(1);
				idleConnectionsGone(channel);
			}
		}
	}

	@Test
	void missingSocketFailsTheCallNamingThePathWithOnUnavailableFail() throws Exception {
		Path socket = this.directory.resolve("grpc.sock");
		try (GrpcSidecar tcp = GrpcSidecar.tcp("127.0.0.1", 0);
				ConfigurableApplicationContext context = start(
						"loopback.fastpath.unix.routes." + tcp.port() + "=" + socket,
						"loopback.fastpath.unix.on-unavailable=fail")) {
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("127.0.0.1:" + tcp.port());
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> GrpcEcho.call(channel, "ping"))
				.satisfies((ex) -> {
					assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
					assertThat(ex.getCause()).isInstanceOf(UnixSocketUnavailableException.class)
						.hasMessageContaining(socket.toString());
				});
			assertThat(tcp.echo().clientPorts()).as("nothing sent over TCP").isEmpty();
			UnixRoute route = context.getBean(UnixSocketTransport.class).routes().get(tcp.port());
			// At least: gRPC reconnects on its own after a backoff.
			assertThat(route.failures()).isPositive();
			assertThat(route.fallbacks()).isZero();
			assertThat(WsaStandIn.calls()).isEmpty();
		}
	}

	@Test
	void staleSocketFailsOneConnectionThenTheChannelGoesOverTcpUntilTheSocketIsReplaced() throws Exception {
		Path socket = this.directory.resolve("grpc.sock");
		UnixSidecar.stale(socket);
		try (GrpcSidecar tcp = GrpcSidecar.tcp("127.0.0.1", 0);
				ConfigurableApplicationContext context = startWithStillClock(tcp.port(), socket)) {
			UnixRoute route = context.getBean(UnixSocketTransport.class).routes().get(tcp.port());
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("127.0.0.1:" + tcp.port());
			// The connection's channel was chosen before the socket refused: that
			// call fails.
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> GrpcEcho.call(channel, "ping"))
				.satisfies((ex) -> {
					assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
					assertThat(ex.getCause()).hasMessageContaining(socket.toString())
						.hasMessageContaining("the next connections go over TCP");
				});
			assertThat(route.failures()).isEqualTo(1);
			assertThat(tcp.echo().clientPorts()).isEmpty();
			// The next connection goes over TCP, without waiting for gRPC's backoff; the
			// route's clock stands still, so its retry time for the file never comes.
			channel.resetConnectBackoff();
			assertThat(callWaitingForReady(channel, "again")).isEqualTo("echo:again");
			assertThat(tcp.echo().clientPorts()).singleElement().isNotEqualTo(-1);
			assertThat(route.fallbacks()).isEqualTo(1);
			assertThat(route.failures()).isEqualTo(1);
			// A sidecar replaces the stale socket.
			Files.delete(socket);
			try (GrpcSidecar unix = GrpcSidecar.unix(socket)) {
				channel.enterIdle();
				assertThat(GrpcEcho.call(channel, "back")).isEqualTo("echo:back");
				assertThat(unix.echo().clientPorts()).containsExactly(-1);
				assertThat(route.connections()).isEqualTo(1);
				idleConnectionsGone(channel);
			}
		}
	}

	@Test
	void callThatWaitsForReadyOutlastsAStaleSocket() throws Exception {
		Path socket = this.directory.resolve("grpc.sock");
		UnixSidecar.stale(socket);
		try (GrpcSidecar tcp = GrpcSidecar.tcp("127.0.0.1", 0);
				ConfigurableApplicationContext context = startWithStillClock(tcp.port(), socket)) {
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("127.0.0.1:" + tcp.port());
			// gRPC reconnects after its backoff (about a second), over TCP: the route's
			// clock stands still, so the refusing file is not tried again in between.
			assertThat(callWaitingForReady(channel, "ping")).isEqualTo("echo:ping");
			UnixRoute route = context.getBean(UnixSocketTransport.class).routes().get(tcp.port());
			assertThat(route.failures()).isEqualTo(1);
			assertThat(route.fallbacks()).isEqualTo(1);
			assertThat(tcp.echo().clientPorts()).singleElement().isNotEqualTo(-1);
		}
	}

	@Test
	void tlsChannelStaysOnTcp() throws Exception {
		int port = UnixSidecar.unusedPort();
		Path socket = this.directory.resolve("grpc.sock");
		try (GrpcSidecar unix = GrpcSidecar.unix(socket);
				ConfigurableApplicationContext context = start("loopback.fastpath.unix.routes." + port + "=" + socket,
						"spring.grpc.client.channel.secure.target=127.0.0.1:" + port,
						"spring.grpc.client.channel.secure.ssl.enabled=true")) {
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("secure");
			// Nothing listens on the TCP port.
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> GrpcEcho.call(channel, "ping"))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
			assertThat(unix.echo().clientPorts()).isEmpty();
			UnixRoute route = context.getBean(UnixSocketTransport.class).routes().get(port);
			assertThat(route.connections() + route.fallbacks() + route.failures()).isZero();
		}
	}

	@Test
	void channelOfACustomizerThatSetsItsOwnChannelTypeLeavesTheRoute() throws Exception {
		Path socket = this.directory.resolve("grpc.sock");
		try (GrpcSidecar unix = GrpcSidecar.unix(socket);
				GrpcSidecar tcp = GrpcSidecar.tcp("127.0.0.1", 0);
				ConfigurableApplicationContext context = new SpringApplicationBuilder(OwnChannelTypeApp.class)
					.web(WebApplicationType.NONE)
					.properties("loopback.fastpath.enabled=true",
							"loopback.fastpath.unix.routes." + tcp.port() + "=" + socket,
							"spring.grpc.client.channel.own.target=127.0.0.1:" + tcp.port())
					.run()) {
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("own");
			assertThat(GrpcEcho.call(channel, "ping")).isEqualTo("echo:ping");
			assertThat(tcp.echo().clientPorts()).singleElement().isNotEqualTo(-1);
			assertThat(unix.echo().clientPorts()).isEmpty();
			UnixSocketTransport transport = context.getBean(UnixSocketTransport.class);
			UnixRoute route = transport.routes().get(tcp.port());
			assertThat(route.connections() + route.fallbacks() + route.failures()).isZero();
			assertThat(transport.coverage().notCovered())
				.as("not detected: the builder does not say which channel type it has")
				.isEmpty();
			assertThat(WsaStandIn.calls()).as("its channels are not on the fast path either").isEmpty();
		}
	}

	/**
	 * Shuts a channel down at once: after {@code enterIdle()} gRPC-Java keeps the old
	 * connection for 5 seconds, which a graceful shutdown would wait for.
	 */
	private static void idleConnectionsGone(ManagedChannel channel) throws InterruptedException {
		assertThat(channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	private static String callWaitingForReady(ManagedChannel channel, String message) {
		return ClientCalls.blockingUnaryCall(channel, GrpcEcho.ECHO,
				CallOptions.DEFAULT.withWaitForReady().withDeadlineAfter(10, TimeUnit.SECONDS), message);
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(ClientApp.class).web(WebApplicationType.NONE)
			.properties("loopback.fastpath.enabled=true")
			.properties(properties)
			.run();
	}

	/**
	 * Starts the application with its own transport, one route on a clock that stands
	 * still ({@code on-unavailable=tcp}): the auto-configuration backs off from it, and a
	 * refusing socket file's retry time (1 s) never comes however slow the machine is.
	 */
	private static ConfigurableApplicationContext startWithStillClock(int port, Path socket) {
		UnixSocketTransport transport = StillClockTransport.of(Map.of(port, socket.toString()), OnUnavailable.TCP);
		return new SpringApplicationBuilder(ClientApp.class).web(WebApplicationType.NONE)
			.properties("loopback.fastpath.enabled=true")
			.initializers((context) -> context.getBeanFactory().registerSingleton("unixSocketTransport", transport))
			.run();
	}

	/**
	 * Spring Boot's gRPC client, no gRPC service and so no gRPC server.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ClientApp {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class OwnChannelTypeApp {

		@Bean
		OwnChannelType ownChannelType() {
			return new OwnChannelType();
		}

	}

	/**
	 * Gives the channel named {@code own} a channel type and event loops of its own, as
	 * grpc-netty asks for both.
	 */
	static final class OwnChannelType implements GrpcChannelBuilderCustomizer<NettyChannelBuilder>, DisposableBean {

		private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

		@Override
		public void customize(String target, NettyChannelBuilder builder) {
			if (target.equals("own")) {
				builder.channelType(NioSocketChannel.class).eventLoopGroup(this.loops);
			}
		}

		@Override
		public void destroy() {
			this.loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
		}

	}

}
