package io.github.loopbackfastpath.test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A sidecar that listens only on a Unix socket (Reactor Netty on the JDK's AF_UNIX
 * support, a server the starter never hooks): a request it answers can only have come
 * over the socket. It answers {@code unix-pong} and records the {@code Host} header of
 * every request and every connection it accepts.
 */
public final class UnixSidecar implements AutoCloseable {

	/** The body the sidecar answers with. */
	public static final String BODY = "unix-pong";

	private final Path path;

	private final LoopResources loops;

	private final DisposableServer server;

	private final List<String> hosts = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger open = new AtomicInteger();

	private final Object allClosed = new Object();

	private final List<String> versions = new CopyOnWriteArrayList<>();

	private UnixSidecar(Path path) {
		this.path = path;
		this.loops = LoopResources.create("unix-sidecar", 1, true);
		this.server = HttpServer.create()
			.runOn(this.loops, false)
			.bindAddress(() -> UnixDomainSocketAddress.of(path))
			.doOnChannelInit((observer, channel, remote) -> {
				this.connections.incrementAndGet();
				this.open.incrementAndGet();
				channel.closeFuture().addListener((closed) -> {
					if (this.open.decrementAndGet() == 0) {
						synchronized (this.allClosed) {
							this.allClosed.notifyAll();
						}
					}
				});
			})
			.handle((request, response) -> {
				this.hosts.add(String.valueOf(request.requestHeaders().get("Host")));
				this.versions.add(request.version().text());
				return response.sendString(Mono.just(BODY));
			})
			.bindNow();
	}

	/**
	 * Starts a sidecar on a Unix socket.
	 * @param path the socket path; nothing may be there
	 * @return the running sidecar
	 */
	public static UnixSidecar start(Path path) {
		return new UnixSidecar(path);
	}

	/**
	 * The {@code Host} header of each request so far.
	 * @return the values, in order
	 */
	public List<String> hosts() {
		return List.copyOf(this.hosts);
	}

	/**
	 * The HTTP version of each request's request line so far.
	 * @return the versions, in order, for example {@code HTTP/1.1}
	 */
	public List<String> versions() {
		return List.copyOf(this.versions);
	}

	/**
	 * Connections accepted so far.
	 * @return the count
	 */
	public int connections() {
		return this.connections.get();
	}

	/**
	 * Waits until every connection the sidecar accepted is closed on its side, for
	 * example after requests with {@code Connection: close}.
	 * @param timeout how long to wait at most, a guard against a hang
	 * @throws InterruptedException when interrupted
	 * @throws IllegalStateException when connections are still open after the timeout
	 */
	public void awaitConnectionsClosed(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.allClosed) {
			while (this.open.get() > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new IllegalStateException(this.open.get() + " connections still open after " + timeout);
				}
				this.allClosed.wait(Math.max(1, left / 1_000_000));
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.server.disposeNow(Duration.ofSeconds(5));
		this.loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block();
		Files.deleteIfExists(this.path);
	}

	/**
	 * Leaves a stale socket at a path: a socket file nobody listens on, as a crashed
	 * sidecar leaves it.
	 * @param path the path
	 * @throws IOException when it cannot be made
	 */
	public static void stale(Path path) throws IOException {
		try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.bind(UnixDomainSocketAddress.of(path));
		}
	}

	/**
	 * A loopback TCP port that nothing listens on, checked on 127.0.0.1 and {@code ::1}.
	 * @return the port
	 * @throws IOException when no port can be found
	 */
	public static int unusedPort() throws IOException {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		assertRefused("127.0.0.1", port);
		assertRefused("::1", port);
		return port;
	}

	private static void assertRefused(String host, int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 2000);
			throw new IllegalStateException("Something listens on " + host + ":" + port);
		}
		catch (ConnectException expected) {
			// Nothing on the TCP port: a request that succeeds took the Unix socket.
		}
	}

}
