package io.github.loopbackfastpath.unix;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.UnixSidecar;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The socket that Apache HttpClient's routed connections use: connects to the route's
 * socket, answers for the TCP destination, honours the read timeout and closes what it
 * opened.
 */
@EnabledIfUnixDomainSockets
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
					// Until the bytes arrive.
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
				AtomicReference<Thread> reader = new AtomicReference<>();
				CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
					reader.set(Thread.currentThread());
					try {
						return input.read();
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				});
				// Close while the reader waits in its selector, not before it gets there.
				for (int i = 0; i < 1_000_000 && !waitsInSelector(reader.get()); i++) {
					Thread.onSpinWait();
				}
				assertThat(waitsInSelector(reader.get())).isTrue();
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
	@Timeout(60)
	void connectWaitsInAFullAcceptQueueUntilItsTimeout() throws Exception {
		Path path = this.dir.resolve("s.sock");
		UnixRoute route = new UnixRoute(8080, path);
		InetSocketAddress destination = new InetSocketAddress("127.0.0.1", 8080);
		List<SocketChannel> queued = new ArrayList<>();
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(path), 1);
			// Fills the accept queue: a non-blocking connect to a full queue fails at
			// once.
			boolean full = false;
			for (int i = 0; i < 16 && !full; i++) {
				SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
				queued.add(client);
				client.configureBlocking(false);
				try {
					client.connect(UnixDomainSocketAddress.of(path));
				}
				catch (IOException ex) {
					full = true;
				}
			}
			assertThat(full).isTrue();
			UnixChannelSocket timingOut = new UnixChannelSocket(route);
			assertThatExceptionOfType(SocketTimeoutException.class)
				.isThrownBy(() -> timingOut.connect(destination, 100));
			assertThat(timingOut.isClosed()).isTrue();
			// Without a timeout it waits in the queue, and gets in once the server
			// accepts.
			try (UnixChannelSocket waiting = new UnixChannelSocket(route)) {
				CompletableFuture<Void> connect = CompletableFuture.runAsync(() -> {
					try {
						waiting.connect(destination, 0);
					}
					catch (IOException ex) {
						throw new IllegalStateException(ex);
					}
				});
				List<SocketChannel> accepted = new ArrayList<>();
				try {
					// The queued connections that got in, and then the waiting one.
					while (!connect.isDone() && accepted.size() < queued.size()) {
						accepted.add(server.accept());
					}
					assertThat(connect).succeedsWithin(30, TimeUnit.SECONDS);
					assertThat(waiting.isConnected()).isTrue();
					assertThat(route.connections()).isOne();
				}
				finally {
					for (SocketChannel channel : accepted) {
						channel.close();
					}
				}
			}
		}
		finally {
			for (SocketChannel channel : queued) {
				channel.close();
			}
		}
	}

	@Test
	@Timeout(60)
	void aDestinationThatIsNotTheRoutesGoesOverTcp() throws Exception {
		Path path = this.dir.resolve("s.sock");
		UnixRoute route = new UnixRoute(8080, path);
		try (ServerSocketChannel unix = listen(path);
				ServerSocketChannel tcp = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
				UnixChannelSocket socket = new UnixChannelSocket(route)) {
			// A redirect to another loopback port, for example.
			InetSocketAddress elsewhere = (InetSocketAddress) tcp.getLocalAddress();
			socket.setTcpNoDelay(true);
			socket.connect(elsewhere, 1000);
			try (SocketChannel accepted = tcp.accept()) {
				socket.getOutputStream().write(7);
				ByteBuffer received = ByteBuffer.allocate(1);
				while (received.hasRemaining() && accepted.read(received) >= 0) {
					// Until the byte arrives.
				}
				assertThat(received.get(0)).isEqualTo((byte) 7);
				assertThat(accepted.getRemoteAddress()).isInstanceOf(InetSocketAddress.class);
			}
			assertThat(socket.getRemoteSocketAddress()).isEqualTo(elsewhere);
			assertThat(route.connections()).isZero();
		}
	}

	@Test
	void missingAndRefusingSocketsAreUnavailable() throws Exception {
		Path missing = this.dir.resolve("missing.sock");
		Path stale = this.dir.resolve("stale.sock");
		UnixSidecar.stale(stale);
		// A missing file is named as such, whatever language the OS speaks; a stale
		// socket refuses.
		Map<Path, Class<? extends IOException>> expected = Map.of(missing, NoSuchFileException.class, stale,
				ConnectException.class);
		for (Path path : new Path[] { missing, stale }) {
			UnixRoute route = new UnixRoute(8080, path);
			UnixChannelSocket socket = new UnixChannelSocket(route);
			assertThatExceptionOfType(expected.get(path))
				.isThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", 8080), 1000))
				.matches(UnixSocketTransport::isUnavailable);
			assertThat(socket.isClosed()).isTrue();
			assertThat(route.connections()).isZero();
		}
	}

	private static boolean waitsInSelector(@Nullable Thread thread) {
		if (thread == null) {
			return false;
		}
		for (StackTraceElement frame : thread.getStackTrace()) {
			if (frame.getMethodName().startsWith("select") || frame.getMethodName().equals("doSelect")) {
				return true;
			}
		}
		return false;
	}

	private static ServerSocketChannel listen(Path path) throws Exception {
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		server.bind(UnixDomainSocketAddress.of(path));
		return server;
	}

}
