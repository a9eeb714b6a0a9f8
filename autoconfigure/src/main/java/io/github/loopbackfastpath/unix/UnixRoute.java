package io.github.loopbackfastpath.unix;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

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

	/** How long a refusing socket file is passed over first; doubled per refusal. */
	static final Duration FIRST_RETRY = Duration.ofSeconds(1);

	/** The longest a refusing socket file is passed over. */
	static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

	private final AtomicReference<@Nullable Refusal> refusal = new AtomicReference<>();

	private final LongSupplier nanoTime;

	UnixRoute(int port, Path path) {
		this(port, path, System::nanoTime);
	}

	UnixRoute(int port, Path path, LongSupplier nanoTime) {
		this.port = port;
		this.path = path;
		this.nanoTime = nanoTime;
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
		this.refusal.set(null);
	}

	void fellBack() {
		this.fallbacks.increment();
	}

	void failed() {
		this.failures.increment();
	}

	/**
	 * Remembers a socket file that refused a connection: connections that choose their
	 * socket before they connect (gRPC channels) pass it over until it is replaced, or
	 * until its retry time, which starts at {@link #FIRST_RETRY} and doubles with every
	 * refusal of the same file up to {@link #LONGEST_RETRY}, so that a sidecar caught
	 * between creating its socket and listening on it is used once it listens.
	 * @param file the file that refused
	 */
	void refusedBy(UnixSocketTransport.SocketFile file) {
		long now = this.nanoTime.getAsLong();
		this.refusal.updateAndGet((previous) -> {
			long backoff = FIRST_RETRY.toNanos();
			if (previous != null && previous.file().equals(file)) {
				backoff = Math.min(previous.backoff() * 2, LONGEST_RETRY.toNanos());
			}
			return new Refusal(file, now + backoff, backoff);
		});
	}

	/**
	 * Whether a socket file is to be passed over because it refused a connection before
	 * and its retry time has not come.
	 * @param file the file now at the path
	 * @return whether to pass it over
	 */
	boolean refusedBefore(UnixSocketTransport.SocketFile file) {
		Refusal refusal = this.refusal.get();
		return refusal != null && refusal.file().equals(file) && this.nanoTime.getAsLong() - refusal.retryAt() < 0;
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
	 * Connections (every client: Apache HttpClient, Reactor Netty, gRPC channels, Netty
	 * bootstraps) that went over TCP because the socket was missing or refused
	 * ({@code on-unavailable=tcp}); a fallback connection carries as many requests as its
	 * pool gives it.
	 * @return the count
	 */
	public long fallbacks() {
		return this.fallbacks.sum();
	}

	/**
	 * Connection attempts (every client) that failed because the socket was missing or
	 * refused ({@code on-unavailable=fail}).
	 * @return the count
	 */
	public long failures() {
		return this.failures.sum();
	}

	private record Refusal(UnixSocketTransport.SocketFile file, long retryAt, long backoff) {

	}

}
