package io.github.loopbackfastpath.unix;

import java.net.UnixDomainSocketAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One route: loopback connections to a port travel over the Unix socket at a path. Counts
 * what happened to the connections and requests routed here.
 */
public final class UnixRoute {

	private static final Log logger = LogFactory.getLog(UnixRoute.class);

	private final int port;

	private final Path path;

	private final LongAdder connections = new LongAdder();

	private final LongAdder fallbacks = new LongAdder();

	private final LongAdder failures = new LongAdder();

	private final PeerRejections peerRejected = new PeerRejections(logger);

	private final @Nullable UnixPeerRule expectedPeer;

	private final AtomicBoolean unavailableLogged = new AtomicBoolean();

	/** How long a refusing socket file is passed over first; doubled per refusal. */
	static final Duration FIRST_RETRY = Duration.ofSeconds(1);

	/** The longest a refusing socket file is passed over. */
	static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

	private final AtomicReference<@Nullable Refusal> refusal = new AtomicReference<>();

	private final LongSupplier nanoTime;

	UnixRoute(int port, Path path) {
		this(port, path, null, System::nanoTime);
	}

	UnixRoute(int port, Path path, LongSupplier nanoTime) {
		this(port, path, null, nanoTime);
	}

	UnixRoute(int port, Path path, @Nullable UnixPeerRule expectedPeer, LongSupplier nanoTime) {
		this.port = port;
		this.path = path;
		this.expectedPeer = expectedPeer;
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
	 * Who the route expects to listen on its socket.
	 * @return the rule, or {@code null} when any peer is accepted (no check)
	 */
	public @Nullable UnixPeerRule expectedPeer() {
		return this.expectedPeer;
	}

	/**
	 * Checks the peer of a Unix-socket connection that has just connected, before a byte
	 * is written to it, when the route expects a peer; without one, the source is not
	 * read. A peer that is not the expected one, or that the operating system cannot
	 * tell, is counted and named in a WARN (the first
	 * {@value PeerRejections#MAX_WARNED_PEERS} distinct ones), and the caller closes the
	 * connection and fails it with the exception.
	 * @param source reads the connection's peer
	 * @throws UnixSocketPeerException when the peer is not accepted
	 */
	public void checkPeer(UnixPeer.Source source) throws UnixSocketPeerException {
		UnixPeerRule expected = this.expectedPeer;
		if (expected == null) {
			return;
		}
		UnixPeer peer = null;
		String why = null;
		try {
			peer = source.read();
			if (expected.accepts(peer)) {
				return;
			}
		}
		catch (IOException | RuntimeException ex) {
			why = "its credentials could not be read: " + ex.getMessage();
		}
		UnixSocketPeerException rejected = new UnixSocketPeerException(this.port, this.path, expected, peer, why);
		String key = (peer != null) ? peer.toString() : "unknown";
		this.peerRejected.record(key, String.valueOf(rejected.getMessage()));
		throw rejected;
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
	void refusedBy(UnixRouteAvailability.SocketFile file) {
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
	boolean refusedBefore(UnixRouteAvailability.SocketFile file) {
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

	/**
	 * Unix-socket connections closed because their peer was not the expected one.
	 * @return the count
	 */
	public long peerRejected() {
		return this.peerRejected.count();
	}

	private record Refusal(UnixRouteAvailability.SocketFile file, long retryAt, long backoff) {

	}

}
