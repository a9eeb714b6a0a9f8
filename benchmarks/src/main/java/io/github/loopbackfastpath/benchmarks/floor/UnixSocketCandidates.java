package io.github.loopbackfastpath.benchmarks.floor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The measurement behind the socket of the Apache HttpClient route
 * (docs/unix-sockets.md): the two candidates, each used the way HttpClient uses a socket
 * (blocking streams, a read timeout), on this machine, against a peer in this JVM that
 * reads everything or echoes:
 * <ul>
 * <li>{@code junixsocket}: junixsocket's {@code AFUNIXSocket};</li>
 * <li>{@code jdk-channel}: the smallest correct socket over a JDK Unix-domain
 * {@code SocketChannel}: non-blocking (the JDK's blocking channel has no read timeout),
 * one selector for the waits, writes sliced into 128 KiB pieces (the JDK copies a heap
 * buffer into a temporary direct buffer of its whole size on every write);</li>
 * <li>{@code jdk-tcp}: a JDK TCP socket on 127.0.0.1, for reference.</li>
 * </ul>
 * Figures: the time of one 64 MB {@code write}, and of 64 MB in the 8 KiB writes that
 * HttpClient's session buffer makes of a streamed body (medians of the rounds),
 * descriptors per open connection after a round trip ({@code /proc/self/fd}, the peer's
 * accepted ends subtracted), and the p50/p99 of a 64-byte round trip on one connection.
 * Run with
 * {@code java -cp ... io.github.loopbackfastpath.benchmarks.floor.UnixSocketCandidates}.
 */
public final class UnixSocketCandidates {

	private static final int BIG = 64 * 1024 * 1024;

	/**
	 * HttpClient's default session buffer (Http1Config): what its streams write at a
	 * time.
	 */
	private static final int PIECE = 8 * 1024;

	private static final int MESSAGE = 64;

	private static final int ROUNDS = 7;

	private static final int ROUND_TRIPS = 50_000;

	private static final int CONNECTIONS = 20;

	private static final int SLICE = 128 * 1024;

	private UnixSocketCandidates() {
	}

	/**
	 * Runs the measurements and prints one line per candidate.
	 * @param args unused
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		Path dir = Files.createTempDirectory("uds-candidates");
		Path path = dir.resolve("peer.sock");
		System.out.printf("nproc %d, %s %s%n", Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"));
		try (ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
				ServerSocket tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			unix.bind(UnixDomainSocketAddress.of(path), 100);
			Peer unixPeer = new Peer(() -> {
				SocketChannel channel = unix.accept();
				return new Streams(java.nio.channels.Channels.newInputStream(channel),
						java.nio.channels.Channels.newOutputStream(channel), channel);
			});
			Peer tcpPeer = new Peer(() -> {
				Socket socket = tcp.accept();
				return new Streams(socket.getInputStream(), socket.getOutputStream(), socket);
			});
			List<Candidate> candidates = List.of(new Candidate("junixsocket", unixPeer, () -> junixsocket(path)),
					new Candidate("jdk-channel", unixPeer, () -> ChannelSocket.connect(path)),
					new Candidate("jdk-tcp", tcpPeer, () -> tcp(tcp.getLocalPort())));
			for (Candidate candidate : candidates) {
				measure(candidate);
			}
		}
		finally {
			Files.deleteIfExists(path);
			Files.deleteIfExists(dir);
		}
	}

	private static Streams junixsocket(Path path) throws IOException {
		AFUNIXSocket socket = AFUNIXSocket.newInstance();
		socket.connect(AFUNIXSocketAddress.of(path), 5000);
		socket.setSoTimeout(30_000);
		return new Streams(socket.getInputStream(), socket.getOutputStream(), socket);
	}

	private static Streams tcp(int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
		socket.setTcpNoDelay(true);
		socket.setSoTimeout(30_000);
		return new Streams(socket.getInputStream(), socket.getOutputStream(), socket);
	}

	private static void measure(Candidate candidate) throws Exception {
		long[] writes = upload(candidate, BIG);
		long[] pieces = upload(candidate, PIECE);
		long descriptorsBefore = descriptors();
		List<Streams> open = new ArrayList<>();
		List<Thread> echoes = new ArrayList<>();
		for (int i = 0; i < CONNECTIONS; i++) {
			Thread echo = candidate.peer().echoOne();
			Streams client = candidate.connect().call();
			roundTrip(client, new byte[MESSAGE]);
			open.add(client);
			echoes.add(echo);
		}
		// The peer's accepted ends are in this JVM too: one descriptor each.
		double perConnection = (double) (descriptors() - descriptorsBefore - CONNECTIONS) / CONNECTIONS;
		for (Streams client : open) {
			client.close();
		}
		for (Thread echo : echoes) {
			echo.join(TimeUnit.SECONDS.toMillis(10));
		}
		Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
		Thread echo = candidate.peer().echoOne();
		try (Streams client = candidate.connect().call()) {
			byte[] message = new byte[MESSAGE];
			for (int i = 0; i < ROUND_TRIPS / 5; i++) {
				roundTrip(client, message);
			}
			for (int i = 0; i < ROUND_TRIPS; i++) {
				long start = System.nanoTime();
				roundTrip(client, message);
				histogram.recordValue(System.nanoTime() - start);
			}
		}
		echo.join(TimeUnit.SECONDS.toMillis(10));
		System.out.printf(
				"%-12s 64 MB in one write: median %6.1f ms (min %6.1f, max %6.1f); in 8 KiB writes: "
						+ "median %6.1f ms (min %6.1f, max %6.1f); descriptors/connection %.2f; "
						+ "64 B round trip p50 %5.1f us, p99 %5.1f us%n",
				candidate.name(), writes[ROUNDS / 2] / 1e6, writes[0] / 1e6, writes[ROUNDS - 1] / 1e6,
				pieces[ROUNDS / 2] / 1e6, pieces[0] / 1e6, pieces[ROUNDS - 1] / 1e6, perConnection,
				histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3);
	}

	/**
	 * Writes 64 MB to a reading peer in writes of a size, once per round.
	 * @return the time of each round, sorted
	 */
	private static long[] upload(Candidate candidate, int piece) throws Exception {
		byte[] big = new byte[BIG];
		long[] times = new long[ROUNDS];
		for (int round = 0; round < ROUNDS; round++) {
			try (Streams client = candidate.connect().call()) {
				Thread reader = candidate.peer().drainOne();
				long start = System.nanoTime();
				for (int offset = 0; offset < BIG; offset += piece) {
					client.out().write(big, offset, piece);
				}
				times[round] = System.nanoTime() - start;
				client.closeable().close();
				reader.join(TimeUnit.SECONDS.toMillis(60));
			}
		}
		Arrays.sort(times);
		return times;
	}

	private static void roundTrip(Streams client, byte[] message) throws IOException {
		client.out().write(message);
		int read = 0;
		while (read < message.length) {
			int n = client.in().read(message, read, message.length - read);
			if (n < 0) {
				throw new IOException("peer closed");
			}
			read += n;
		}
	}

	private static long descriptors() throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.count();
		}
	}

	@FunctionalInterface
	interface Opener {

		Streams call() throws Exception;

	}

	record Candidate(String name, Peer peer, Opener connect) {

	}

	/**
	 * A connection's two streams and what closes it.
	 */
	record Streams(InputStream in, OutputStream out, AutoCloseable closeable) implements AutoCloseable {

		@Override
		public void close() throws Exception {
			this.closeable.close();
		}

	}

	/**
	 * The other end, one thread per accepted connection: reads everything, or echoes
	 * every 64-byte message.
	 */
	record Peer(Opener accept) {

		private static Thread start(Runnable task) {
			Thread thread = new Thread(task, "uds-candidates-peer");
			thread.setDaemon(true);
			thread.start();
			return thread;
		}

		Thread drainOne() {
			return start(() -> {
				try (Streams peer = this.accept.call()) {
					byte[] buffer = new byte[256 * 1024];
					while (peer.in().read(buffer) >= 0) {
						// Until the client closes.
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
		}

		Thread echoOne() {
			return start(() -> {
				try (Streams peer = this.accept.call()) {
					byte[] message = new byte[MESSAGE];
					while (peer.in().readNBytes(message, 0, MESSAGE) == MESSAGE) {
						peer.out().write(message);
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
		}

	}

	/**
	 * The second candidate's core: blocking streams with a read timeout over a
	 * non-blocking JDK Unix-domain channel, one selector for both directions' waits.
	 */
	static final class ChannelSocket implements AutoCloseable {

		private final SocketChannel channel;

		private final Selector selector;

		private final SelectionKey key;

		private final int soTimeout = 30_000;

		private ChannelSocket(SocketChannel channel) throws IOException {
			this.channel = channel;
			channel.configureBlocking(false);
			this.selector = Selector.open();
			this.key = channel.register(this.selector, 0);
		}

		static Streams connect(Path path) throws IOException {
			SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
			channel.connect(UnixDomainSocketAddress.of(path));
			ChannelSocket socket = new ChannelSocket(channel);
			return new Streams(socket.input(), socket.output(), socket);
		}

		private void await(int operation, int timeout) throws IOException {
			this.key.interestOps(operation);
			if (this.selector.select(timeout) == 0 && timeout > 0) {
				throw new SocketTimeoutException("Read timed out");
			}
			this.selector.selectedKeys().clear();
		}

		InputStream input() {
			return new InputStream() {
				@Override
				public int read() throws IOException {
					byte[] one = new byte[1];
					return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
				}

				@Override
				public int read(byte[] bytes, int offset, int length) throws IOException {
					ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, Math.min(length, SLICE));
					int read;
					while ((read = ChannelSocket.this.channel.read(buffer)) == 0) {
						await(SelectionKey.OP_READ, ChannelSocket.this.soTimeout);
					}
					return read;
				}
			};
		}

		OutputStream output() {
			return new OutputStream() {
				@Override
				public void write(int b) throws IOException {
					write(new byte[] { (byte) b }, 0, 1);
				}

				@Override
				public void write(byte[] bytes, int offset, int length) throws IOException {
					int end = offset + length;
					for (int at = offset; at < end;) {
						ByteBuffer slice = ByteBuffer.wrap(bytes, at, Math.min(SLICE, end - at));
						while (slice.hasRemaining()) {
							if (ChannelSocket.this.channel.write(slice) == 0) {
								await(SelectionKey.OP_WRITE, 0);
							}
						}
						at = slice.position();
					}
				}
			};
		}

		@Override
		public void close() throws IOException {
			this.selector.close();
			this.channel.close();
		}

	}

}
