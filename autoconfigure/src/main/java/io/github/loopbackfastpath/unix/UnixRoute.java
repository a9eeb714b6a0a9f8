package io.github.loopbackfastpath.unix;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * One route: loopback connections to a port travel over the Unix socket at a path. Counts
 * what happened to the connections and requests routed here.
 */
public final class UnixRoute {

	private final int port;

	private final Path path;

	private final LongAdder connections = new LongAdder();

	private final LongAdder fallbacks = new LongAdder();

	private final LongAdder failures = new LongAdder();

	private final AtomicBoolean unavailableLogged = new AtomicBoolean();

	private final AtomicReference<UnixSocketTransport.@Nullable SocketFile> refusingFile = new AtomicReference<>();

	UnixRoute(int port, Path path) {
		this.port = port;
		this.path = path;
	}

	/**
	 * The loopback port that is routed.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The socket path.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * The socket address to connect to.
	 * @return a JDK Unix-domain socket address of {@link #path()}
	 */
	public UnixDomainSocketAddress address() {
		return UnixDomainSocketAddress.of(this.path);
	}

	/**
	 * Records a Unix-socket connection that was opened (a pooled connection counts once,
	 * however many requests it carries).
	 */
	public void connectionOpened() {
		this.connections.increment();
		// The sidecar is back: say so again the next time it goes away.
		this.unavailableLogged.set(false);
		this.refusingFile.set(null);
	}

	void fellBack() {
		this.fallbacks.increment();
	}

	void failed() {
		this.failures.increment();
	}

	void refusedBy(UnixSocketTransport.SocketFile file) {
		this.refusingFile.set(file);
	}

	boolean refusedBefore(UnixSocketTransport.SocketFile file) {
		return file.equals(this.refusingFile.get());
	}

	boolean firstUnavailable() {
		return this.unavailableLogged.compareAndSet(false, true);
	}

	/**
	 * Unix-socket connections opened so far.
	 * @return the count
	 */
	public long connections() {
		return this.connections.sum();
	}

	/**
	 * Requests that went over TCP because the socket was missing or refused
	 * ({@code on-unavailable=tcp}).
	 * @return the count
	 */
	public long fallbacks() {
		return this.fallbacks.sum();
	}

	/**
	 * Requests that failed because the socket was missing or refused
	 * ({@code on-unavailable=fail}).
	 * @return the count
	 */
	public long failures() {
		return this.failures.sum();
	}

}
