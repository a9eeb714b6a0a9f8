package io.github.loopbackfastpath.unix;

import java.io.Closeable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.UnixSidecar;
import io.github.loopbackfastpath.test.UnixSockets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@link UnixSocketTransport#connect}, the per-connection API for code that opens its own
 * sockets, on real sockets, without Spring.
 */
@Tag("unix")
class UnixSocketTransportConnectTests {

	@TempDir
	Path dir;

	@Test
	@EnabledIfUnixDomainSockets
	void routedDestinationGetsAUnixSocketToTheSidecar() throws Exception {
		Path socket = this.dir.resolve("sidecar.sock");
		int port = UnixSidecar.unusedPort();
		UnixSocketTransport transport = UnixSocketTransport.ofRoutes(Map.of(port, socket.toString()),
				OnUnavailable.TCP);
		try (UnixSidecar sidecar = UnixSidecar.start(socket);
				SocketChannel channel = transport.connect(new InetSocketAddress("::1", port))) {
			assertThat(channel.getRemoteAddress()).isEqualTo(UnixDomainSocketAddress.of(socket));
			assertThat(UnixSockets.get(channel, "[::1]:" + port, "/")).contains(UnixSidecar.BODY);
			assertThat(sidecar.hosts()).containsExactly("[::1]:" + port);
			assertThat(transport.routes().get(port).connections()).isEqualTo(1);
		}
	}

	/**
	 * A connect that timed out found a socket that did not accept in time: the
	 * connection's own failure, as over TCP and on the Apache route, not a reason to fall
	 * back. Netty's {@code ConnectTimeoutException} is a {@code ConnectException}, which
	 * otherwise means a refusing socket.
	 */
	@Test
	void aConnectThatTimedOutIsNotUnavailableOnAnyClient() throws Exception {
		Path socket = Files.writeString(this.dir.resolve("sidecar.sock"), "there");
		UnixRoute route = new UnixRoute(15001, socket);
		Throwable netty = new io.netty.channel.ConnectTimeoutException("connection timed out after 10 ms: " + socket);
		Throwable jdk = new java.net.SocketTimeoutException("Connect timed out");
		Throwable wrapped = new java.io.IOException("connect failed", netty);
		for (Throwable timeout : new Throwable[] { netty, jdk, wrapped }) {
			assertThat(UnixRouteAvailability.isUnavailable(timeout)).as(timeout.toString()).isFalse();
			assertThat(UnixRouteAvailability.isUnavailableOnConnect(route, timeout)).as(timeout.toString()).isFalse();
		}
		assertThat(UnixRouteAvailability.isUnavailable(new java.net.ConnectException("Connection refused"))).isTrue();
	}

	@Test
	void aFailedConnectToAMissingFileIsUnavailableWhateverLanguageTheMessageIsIn() throws Exception {
		Path socket = this.dir.resolve("sidecar.sock");
		UnixRoute route = new UnixRoute(15001, socket);
		// What the JDK throws for ENOENT under a German locale.
		SocketException german = new SocketException("Datei oder Verzeichnis nicht gefunden");
		assertThat(UnixRouteAvailability.isUnavailable(german)).isFalse();
		assertThat(UnixRouteAvailability.isUnavailableOnConnect(route, german)).isTrue();
		// A file is there: the failure is something else.
		Files.writeString(socket, "not a socket");
		assertThat(UnixRouteAvailability.isUnavailableOnConnect(route, german)).isFalse();
	}

	@Test
	@EnabledIfUnixDomainSockets
	void missingSocketFallsBackToTcpOrFailsNamingThePath() throws Exception {
		Path socket = this.dir.resolve("missing.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1")) {
			InetSocketAddress destination = new InetSocketAddress("127.0.0.1", tcp.port());
			UnixSocketTransport fallback = UnixSocketTransport.ofRoutes(Map.of(tcp.port(), socket.toString()),
					OnUnavailable.TCP);
			try (SocketChannel channel = fallback.connect(destination)) {
				assertThat(channel.getRemoteAddress()).isInstanceOf(InetSocketAddress.class);
				assertThat(UnixSockets.get(channel, "127.0.0.1:" + tcp.port(), "/")).contains("pong");
			}
			assertThat(fallback.routes().get(tcp.port()).fallbacks()).isEqualTo(1);
			UnixSocketTransport fail = UnixSocketTransport.ofRoutes(Map.of(tcp.port(), socket.toString()),
					OnUnavailable.FAIL);
			assertThatExceptionOfType(UnixSocketUnavailableException.class).isThrownBy(() -> fail.connect(destination))
				.withMessageContaining(socket.toString());
			assertThat(fail.routes().get(tcp.port()).failures()).isEqualTo(1);
			assertThat(tcp.clientPorts()).hasSize(1);
		}
	}

	@Test
	@EnabledIfUnixDomainSockets
	void aConnectWithATimeoutReturnsAConnectedBlockingChannelOrFallsBack() throws Exception {
		Path socket = this.dir.resolve("sidecar.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1")) {
			InetSocketAddress destination = new InetSocketAddress("127.0.0.1", tcp.port());
			UnixSocketTransport transport = UnixSocketTransport.ofRoutes(Map.of(tcp.port(), socket.toString()),
					OnUnavailable.TCP);
			try (SocketChannel channel = transport.connect(destination, Duration.ofSeconds(30))) {
				assertThat(channel.isBlocking()).isTrue();
				assertThat(channel.getRemoteAddress()).isInstanceOf(InetSocketAddress.class);
				assertThat(UnixSockets.get(channel, "127.0.0.1:" + tcp.port(), "/")).contains("pong");
			}
			assertThat(transport.routes().get(tcp.port()).fallbacks()).isEqualTo(1);
			try (UnixSidecar sidecar = UnixSidecar.start(socket);
					SocketChannel channel = transport.connect(destination, Duration.ofSeconds(30))) {
				assertThat(channel.isBlocking()).isTrue();
				assertThat(channel.getRemoteAddress()).isEqualTo(UnixDomainSocketAddress.of(socket));
				assertThat(UnixSockets.get(channel, "127.0.0.1:" + tcp.port(), "/")).contains(UnixSidecar.BODY);
				assertThat(transport.routes().get(tcp.port()).connections()).isEqualTo(1);
			}
			assertThat(tcp.clientPorts()).hasSize(1);
		}
	}

	/**
	 * A sidecar that does not accept: Linux queues backlog + 1 connections on a Unix
	 * socket and lets the next connect wait, without a limit of its own. The socket is
	 * there, so the connect fails as itself, without a fallback to TCP.
	 */
	@Test
	@EnabledIfUnixDomainSockets
	@EnabledOnOs(value = OS.LINUX,
			disabledReason = "Linux lets a connect to a full accept queue wait; BSD and macOS refuse it")
	void aConnectToAUnixSocketWhoseAcceptQueueIsFullEndsAtTheTimeout() throws Exception {
		Path socket = this.dir.resolve("full.sock");
		int port = UnixSidecar.unusedPort();
		UnixSocketTransport transport = UnixSocketTransport.ofRoutes(Map.of(port, socket.toString()),
				OnUnavailable.TCP);
		try (Closeable queue = UnixSockets.fullAcceptQueue(socket)) {
			InetSocketAddress destination = new InetSocketAddress("127.0.0.1", port);
			assertTimeoutPreemptively(Duration.ofSeconds(20),
					() -> assertThatExceptionOfType(SocketTimeoutException.class)
						.isThrownBy(() -> transport.connect(destination, Duration.ofMillis(200)))
						.withMessageContaining("200 ms")
						.withMessageContaining(socket.toString()));
			UnixRoute route = transport.routes().get(port);
			assertThat(route.connections()).isZero();
			assertThat(route.fallbacks()).isZero();
			assertThat(route.failures()).isZero();
		}
	}

	/**
	 * A TCP destination that does not accept: Linux drops the handshake of a connection
	 * beyond a full accept queue (backlog + 1), so the connect would retry for minutes.
	 */
	@Test
	@EnabledOnOs(value = OS.LINUX,
			disabledReason = "Linux drops a connect to a full accept queue; others may refuse it")
	void aTcpConnectToAFullAcceptQueueEndsAtTheTimeout() throws Exception {
		UnixSocketTransport transport = UnixSocketTransport.ofRoutes(Map.of(), OnUnavailable.TCP);
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
			SocketAddress address = server.getLocalAddress();
			try (SocketChannel first = SocketChannel.open(address);
					SocketChannel second = SocketChannel.open(address)) {
				assertTimeoutPreemptively(Duration.ofSeconds(20),
						() -> assertThatExceptionOfType(SocketTimeoutException.class)
							.isThrownBy(() -> transport.connect(address, Duration.ofMillis(200)))
							.withMessageContaining("200 ms"));
			}
		}
	}

	@Test
	void aNegativeOrMissingTimeoutIsRefused() {
		UnixSocketTransport transport = UnixSocketTransport.ofRoutes(Map.of(), OnUnavailable.TCP);
		InetSocketAddress destination = new InetSocketAddress("127.0.0.1", 15001);
		assertThatIllegalArgumentException().isThrownBy(() -> transport.connect(destination, Duration.ofMillis(-1)))
			.withMessageContaining("PT-0.001S");
		assertThatIllegalArgumentException().isThrownBy(() -> transport.connect(destination, null))
			.withMessageContaining("null");
	}

}
