package io.github.loopbackfastpath.unix;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.loopbackfastpath.test.UnixSidecar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The socket that Apache HttpClient's routed connections use: connects to the route's
 * socket, answers for the TCP destination, honours the read timeout and closes what it
 * opened.
 */
class UnixChannelSocketTests {

	@TempDir
	Path dir;

	@Test
	void connectsToTheRouteAndAnswersForTheTcpDestination() throws Exception {
		Path path = this.dir.resolve("s.sock");
		UnixRoute route = new UnixRoute(8080, path);
		InetSocketAddress destination = new InetSocketAddress("127.0.0.1", 8080);
		try (ServerSocketChannel server = listen(path); UnixChannelSocket socket = new UnixChannelSocket(route)) {
			socket.connect(destination, 1000);
			try (SocketChannel accepted = server.accept()) {
				socket.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
				ByteBuffer received = ByteBuffer.allocate(4);
				while (received.hasRemaining() && accepted.read(received) >= 0) {
				}
				assertThat(new String(received.array(), StandardCharsets.US_ASCII)).isEqualTo("ping");
				accepted.write(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII)));
				assertThat(new String(socket.getInputStream().readNBytes(4), StandardCharsets.US_ASCII))
					.isEqualTo("pong");
			}
			assertThat(socket.getRemoteSocketAddress()).isEqualTo(destination);
			assertThat(socket.getPort()).isEqualTo(8080);
			assertThat(socket.getInetAddress()).isEqualTo(destination.getAddress());
			assertThat(socket.isConnected()).isTrue();
			assertThat(route.connections()).isOne();
		}
	}

	@Test
	void readTimesOutAfterSoTimeoutAndTheSocketStaysUsable() throws Exception {
		Path path = this.dir.resolve("s.sock");
		UnixRoute route = new UnixRoute(8080, path);
		try (ServerSocketChannel server = listen(path); UnixChannelSocket socket = new UnixChannelSocket(route)) {
			socket.connect(new InetSocketAddress("::1", 8080));
			try (SocketChannel accepted = server.accept()) {
				socket.setSoTimeout(50);
				InputStream input = socket.getInputStream();
				assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(input::read);
				accepted.write(ByteBuffer.wrap(new byte[] { 42 }));
				assertThat(input.read()).isEqualTo(42);
				accepted.close();
				assertThat(input.read()).isEqualTo(-1);
			}
		}
	}

	@Test
	void closeEndsABlockedRead() throws Exception {
		Path path = this.dir.resolve("s.sock");
		UnixRoute route = new UnixRoute(8080, path);
		try (ServerSocketChannel server = listen(path); UnixChannelSocket socket = new UnixChannelSocket(route)) {
			socket.connect(new InetSocketAddress("127.0.0.1", 8080));
			try (SocketChannel accepted = server.accept()) {
				InputStream input = socket.getInputStream();
				CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
					try {
						return input.read();
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				});
				socket.close();
				assertThat(read).failsWithin(30, TimeUnit.SECONDS)
					.withThrowableOfType(Exception.class)
					.withRootCauseInstanceOf(SocketException.class);
				assertThat(socket.isClosed()).isTrue();
				assertThatExceptionOfType(SocketException.class).isThrownBy(socket::getInputStream);
			}
		}
	}

	@Test
	void missingAndRefusingSocketsAreUnavailable() throws Exception {
		Path missing = this.dir.resolve("missing.sock");
		Path stale = this.dir.resolve("stale.sock");
		UnixSidecar.stale(stale);
		for (Path path : new Path[] { missing, stale }) {
			UnixRoute route = new UnixRoute(8080, path);
			UnixChannelSocket socket = new UnixChannelSocket(route);
			assertThatExceptionOfType(SocketException.class)
				.isThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", 8080), 1000))
				.matches(UnixSocketTransport::isUnavailable);
			assertThat(socket.isClosed()).isTrue();
			assertThat(route.connections()).isZero();
		}
	}

	private static ServerSocketChannel listen(Path path) throws Exception {
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		server.bind(UnixDomainSocketAddress.of(path));
		return server;
	}

}
