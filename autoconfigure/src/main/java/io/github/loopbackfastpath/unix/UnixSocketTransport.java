package io.github.loopbackfastpath.unix;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.loopbackfastpath.policy.LoopbackPolicy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The one place integrations ask "where does this connection go?" for the AF_UNIX sidecar
 * transport, the way they ask {@code LoopbackFastPath} about the socket option: a
 * loopback destination ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}) on a routed
 * port goes to its {@link UnixRoute}, everything else stays on TCP. The rest of the
 * transport has a class each, reached from here: what a socket that cannot be used means
 * ({@link #availability()}), the clients that cannot take the routes
 * ({@link #coverage()}), the embedded server's socket ({@link #server()}) and what the
 * transport reports about itself ({@link #report()}).
 */
public final class UnixSocketTransport {

	private static final Log logger = LogFactory.getLog(UnixSocketTransport.class);

	/** The property prefix of routes, for messages. */
	public static final String ROUTES_PROPERTY = "loopback.fastpath.unix.routes";

	/** The property of the server's socket path, for messages. */
	public static final String SERVER_PATH_PROPERTY = "loopback.fastpath.unix.server.path";

	/** The property of the server socket's permissions, for messages. */
	public static final String SERVER_PERMISSIONS_PROPERTY = "loopback.fastpath.unix.server.permissions";

	/** The properties of who may connect to the server's socket, for messages. */
	public static final String SERVER_ALLOWED_PEERS_PROPERTIES = "loopback.fastpath.unix.server.allowed-users, "
			+ "allowed-groups";

	/** The property prefix of the peers expected on routes, for messages. */
	public static final String PEERS_PROPERTY = "loopback.fastpath.unix.peers";

	/** How many host strings {@link #isLoopbackHost} keeps its answer for. */
	static final int MAX_CACHED_HOSTS = 256;

	private final Map<Integer, UnixRoute> routes;

	private final OnUnavailable onUnavailable;

	private final UnixRouteAvailability availability;

	private final UnixRouteCoverage coverage;

	private final UnixServerSocket server;

	private final UnixTransportReport report;

	private final Map<String, Boolean> loopbackHosts = new ConcurrentHashMap<>();

	/**
	 * Creates the transport from paths already checked with {@link UnixSocketPaths}.
	 * @param routes socket path by loopback port
	 * @param onUnavailable what a request does when its socket is missing or refuses
	 * @param serverPath where the embedded server also listens, or {@code null}
	 * @param serverPermissions the server socket's POSIX permissions ({@code rw-rw----}),
	 * or {@code null} to leave them as the process's umask makes them
	 */
	public UnixSocketTransport(Map<Integer, Path> routes, OnUnavailable onUnavailable, @Nullable Path serverPath,
			@Nullable String serverPermissions) {
		this(routes, onUnavailable, serverPath, serverPermissions, Peers.NONE, System::nanoTime);
	}

	UnixSocketTransport(Map<Integer, Path> routes, OnUnavailable onUnavailable, @Nullable Path serverPath,
			@Nullable String serverPermissions, LongSupplier nanoTime) {
		this(routes, onUnavailable, serverPath, serverPermissions, Peers.NONE, nanoTime);
	}

	UnixSocketTransport(Map<Integer, Path> routes, OnUnavailable onUnavailable, @Nullable Path serverPath,
			@Nullable String serverPermissions, Peers peers, LongSupplier nanoTime) {
		peers.routes().keySet().forEach((port) -> {
			if (!routes.containsKey(port)) {
				throw new IllegalArgumentException(
						"An expected peer is given for loopback port " + port + ", which has no route");
			}
		});
		Map<Integer, UnixRoute> table = new TreeMap<>();
		routes.forEach((port, path) -> {
			checkPort(port, path.toString());
			table.put(port, new UnixRoute(port, path, peers.routes().get(port), nanoTime));
		});
		this.routes = Collections.unmodifiableMap(table);
		this.onUnavailable = onUnavailable;
		this.availability = new UnixRouteAvailability(onUnavailable);
		this.coverage = new UnixRouteCoverage(this.routes);
		this.server = new UnixServerSocket(serverPath, serverPermissions, peers.server());
		this.report = new UnixTransportReport(this);
	}

	/**
	 * Creates the transport from the {@code loopback.fastpath.unix.*} settings, checking
	 * each route's port, then its path, then the server's path and permissions, so that
	 * the first bad setting stops startup with a message naming its property.
	 * @param routes socket path by loopback port
	 * @param onUnavailable what a request does when its socket is missing or refuses
	 * @param serverPath where the embedded server also listens, or {@code null}
	 * @param serverPermissions the server socket's POSIX permissions, or {@code null}
	 * @return the transport
	 * @throws UnixSocketPathException when a setting cannot be used
	 */
	public static UnixSocketTransport of(Map<Integer, String> routes, OnUnavailable onUnavailable,
			@Nullable String serverPath, @Nullable String serverPermissions) {
		return of(routes, onUnavailable, serverPath, serverPermissions, Peers.NONE);
	}

	/**
	 * Creates the transport from the {@code loopback.fastpath.unix.*} settings, as
	 * {@link #of(Map, OnUnavailable, String, String)}, with the peers expected on routes
	 * and allowed on the server's socket.
	 * @param routes socket path by loopback port
	 * @param onUnavailable what a request does when its socket is missing or refuses
	 * @param serverPath where the embedded server also listens, or {@code null}
	 * @param serverPermissions the server socket's POSIX permissions, or {@code null}
	 * @param peers who may be at the other end of the routes' and the server's sockets
	 * @return the transport
	 * @throws UnixSocketPathException when a setting cannot be used
	 * @throws IllegalArgumentException when a peer is expected on a port with no route
	 */
	public static UnixSocketTransport of(Map<Integer, String> routes, OnUnavailable onUnavailable,
			@Nullable String serverPath, @Nullable String serverPermissions, Peers peers) {
		Map<Integer, Path> paths = checkRoutes(routes);
		Path server = null;
		String permissions = null;
		if (serverPath != null) {
			server = UnixSocketPaths.checkListenPath(SERVER_PATH_PROPERTY, serverPath, (serverPermissions != null)
					? UnixSocketPaths.permissions(SERVER_PERMISSIONS_PROPERTY, serverPermissions) : null);
			permissions = serverPermissions;
		}
		return new UnixSocketTransport(paths, onUnavailable, server, permissions, peers, System::nanoTime);
	}

	/**
	 * Creates client routes for code that builds its own clients, without Spring: every
	 * path is checked as the properties are.
	 * @param routes socket path by loopback port
	 * @param onUnavailable what a request does when its socket is missing or refuses
	 * @return the transport
	 * @throws UnixSocketPathException when a path cannot be used
	 */
	public static UnixSocketTransport ofRoutes(Map<Integer, String> routes, OnUnavailable onUnavailable) {
		return ofRoutes(routes, onUnavailable, System::nanoTime);
	}

	/**
	 * Creates client routes whose retry times (see {@link UnixRoute}) follow a clock.
	 * @param routes socket path by loopback port
	 * @param onUnavailable what a request does when its socket is missing or refuses
	 * @param nanoTime the clock, as {@link System#nanoTime()}
	 * @return the transport
	 */
	static UnixSocketTransport ofRoutes(Map<Integer, String> routes, OnUnavailable onUnavailable,
			LongSupplier nanoTime) {
		return new UnixSocketTransport(checkRoutes(routes), onUnavailable, null, null, nanoTime);
	}

	private static Map<Integer, Path> checkRoutes(Map<Integer, String> routes) {
		Map<Integer, Path> paths = new TreeMap<>();
		routes.forEach((port, path) -> {
			checkPort(port, path);
			paths.put(port, UnixSocketPaths.check(ROUTES_PROPERTY + "." + port, path));
		});
		return paths;
	}

	private static void checkPort(int port, String path) {
		if (!LoopbackPolicy.isPort(port)) {
			// A route for port 0 or 70000 could never match a request: say so instead of
			// ignoring it.
			throw new UnixSocketPathException(ROUTES_PROPERTY + "." + port, path,
					port + " is not a TCP port a request can go to",
					"Use the sidecar's destination port (1-65535) as the key, for example " + ROUTES_PROPERTY
							+ ".15001=/run/envoy/outbound.sock.");
		}
	}

	/**
	 * The routes.
	 * @return routes by port, sorted by port
	 */
	public Map<Integer, UnixRoute> routes() {
		return this.routes;
	}

	/**
	 * What a request does when its socket is missing or refuses.
	 * @return the mode
	 */
	public OnUnavailable onUnavailable() {
		return this.onUnavailable;
	}

	/**
	 * Where a request to a URL goes. Only plain {@code http} URLs are routed: TLS to a
	 * sidecar on the same host stays on TCP.
	 * @param uri the request URL
	 * @return the route, or {@code null} for TCP
	 */
	public @Nullable UnixRoute route(URI uri) {
		if (this.routes.isEmpty() || !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
			return null;
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : 80;
		UnixRoute route = this.routes.get(port);
		return (route != null && isLoopbackHost(uri.getHost())) ? route : null;
	}

	/**
	 * Where a connection to an address goes.
	 * @param remote the destination
	 * @return the route, or {@code null} for TCP
	 */
	public @Nullable UnixRoute route(@Nullable SocketAddress remote) {
		if (!(remote instanceof InetSocketAddress inet)) {
			return null;
		}
		UnixRoute route = this.routes.get(inet.getPort());
		if (route == null) {
			return null;
		}
		boolean loopback = inet.isUnresolved() ? isLoopbackHost(inet.getHostString())
				: LoopbackPolicy.isLoopback(inet.getAddress());
		return loopback ? route : null;
	}

	/**
	 * Opens a connection the way the routes say, for code that opens its own sockets: a
	 * routed loopback destination gets a connected Unix-domain {@link SocketChannel} to
	 * its socket; a missing or refusing socket falls back to TCP or fails as
	 * {@code on-unavailable} says; anything else is a TCP connection to the destination.
	 * Either way the caller speaks the same protocol over the channel. Waits as long as
	 * the operating system lets a connect wait (without limit for a Unix socket whose
	 * accept queue is full, on Linux): {@link #connect(SocketAddress, Duration)} bounds
	 * the wait.
	 * @param remote the TCP destination
	 * @return a connected, blocking channel
	 * @throws IOException when the connection fails, or a
	 * {@link UnixSocketUnavailableException} with {@code on-unavailable=fail}
	 */
	public SocketChannel connect(SocketAddress remote) throws IOException {
		return connect(remote, Duration.ZERO);
	}

	/**
	 * As {@link #connect(SocketAddress)}, with a connect timeout that bounds each
	 * connect, the one to the Unix socket and the one over TCP. A connect that times out
	 * on a route's socket fails (the socket is there, a sidecar does not accept fast
	 * enough): it neither falls back to TCP nor counts as an unavailable socket.
	 * @param remote the TCP destination
	 * @param timeout how long a connect may wait, {@link Duration#ZERO} for as long as
	 * the operating system lets it
	 * @return a connected, blocking channel
	 * @throws SocketTimeoutException when a connect did not complete in time
	 * @throws IOException when the connection fails, or a
	 * {@link UnixSocketUnavailableException} with {@code on-unavailable=fail}
	 * @throws IllegalArgumentException when the timeout is negative
	 */
	public SocketChannel connect(SocketAddress remote, Duration timeout) throws IOException {
		if (timeout == null || timeout.isNegative()) {
			throw new IllegalArgumentException("The connect timeout must be zero (none) or positive, not " + timeout);
		}
		UnixRoute route = route(remote);
		if (route != null) {
			SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
			try {
				ConnectTimeouts.connect(channel, route.address(), timeout);
				route.connectionOpened();
				return channel;
			}
			catch (IOException ex) {
				channel.close();
				if (!UnixRouteAvailability.isUnavailableOnConnect(route, ex)) {
					throw ex;
				}
				this.availability.unavailable(route, ex);
			}
		}
		if (timeout.isZero()) {
			return SocketChannel.open(remote);
		}
		SocketChannel channel = (remote instanceof UnixDomainSocketAddress)
				? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
		try {
			ConnectTimeouts.connect(channel, remote, timeout);
			return channel;
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	/**
	 * Whether a host, as written in a URL, is loopback: {@code localhost} or a loopback
	 * literal. Names are never resolved here (a lookup would run on the request's
	 * thread), and the answer is kept per host string, up to {@value #MAX_CACHED_HOSTS}
	 * hosts, so that a routed port costs a map lookup per request.
	 * @param host the host, with or without IPv6 brackets
	 * @return whether it is loopback
	 */
	boolean isLoopbackHost(String host) {
		Boolean cached = this.loopbackHosts.get(host);
		if (cached != null) {
			return cached;
		}
		String bare = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		InetAddress literal = HostLiteral.parse(bare);
		boolean loopback = bare.toLowerCase(Locale.ROOT).equals("localhost")
				|| (literal != null && LoopbackPolicy.isLoopback(literal));
		// Concurrent first requests may pass the check together: still a bound.
		if (this.loopbackHosts.size() < MAX_CACHED_HOSTS) {
			this.loopbackHosts.put(host, loopback);
		}
		return loopback;
	}

	/**
	 * What a route's socket that cannot be used means for a connection, and what
	 * {@code on-unavailable} makes of it.
	 * @return the availability rules of the routes
	 */
	public UnixRouteAvailability availability() {
		return this.availability;
	}

	/**
	 * The client components that cannot take the routes.
	 * @return the coverage record
	 */
	public UnixRouteCoverage coverage() {
		return this.coverage;
	}

	/**
	 * The embedded server's Unix socket: its settings and its listener.
	 * @return the server socket, whose path is {@code null} when none is configured
	 */
	public UnixServerSocket server() {
		return this.server;
	}

	/**
	 * The startup checks, warnings and startup line of the transport.
	 * @return the report
	 */
	public UnixTransportReport report() {
		return this.report;
	}

	/**
	 * Who may be at the other end of the transport's sockets.
	 *
	 * @param routes the peer each route expects, by routed port; a route without one
	 * accepts any peer
	 * @param server who may connect to the server's socket, or {@code null} for anyone
	 * its file permissions let in
	 */
	public record Peers(Map<Integer, UnixPeerRule> routes, @Nullable UnixPeerRule server) {

		/** No peer checks. */
		public static final Peers NONE = new Peers(Map.of(), null);

		public Peers {
			routes = Map.copyOf(routes);
		}

	}

	/**
	 * Connect timeouts for blocking channels. A channel blocked in {@code connect} has no
	 * timeout of its own, and a non-blocking connect cannot wait either: Linux answers
	 * one to a Unix socket whose accept queue is full with {@code EAGAIN} at once. So the
	 * connect blocks, and a timer closes the channel at the deadline, which ends the
	 * connect with an {@link AsynchronousCloseException}. The timer's one daemon thread
	 * ends when no connect waits.
	 */
	private static final class ConnectTimeouts {

		private static final ScheduledThreadPoolExecutor TIMER = timer();

		private ConnectTimeouts() {
		}

		static void connect(SocketChannel channel, SocketAddress address, Duration timeout) throws IOException {
			if (timeout.isZero()) {
				channel.connect(address);
				return;
			}
			long nanos = (timeout.getSeconds() < Long.MAX_VALUE / 1_000_000_000L - 1) ? timeout.toNanos()
					: Long.MAX_VALUE;
			// Whoever comes first, the connect or the deadline, decides: a running
			// timer task can still be cancelled, so the flag decides, not cancel().
			AtomicBoolean decided = new AtomicBoolean();
			ScheduledFuture<?> deadline = TIMER.schedule(() -> {
				if (decided.compareAndSet(false, true)) {
					channel.close();
				}
				return null;
			}, nanos, TimeUnit.NANOSECONDS);
			IOException failure = null;
			try {
				channel.connect(address);
			}
			catch (IOException ex) {
				failure = ex;
			}
			boolean timedOut = !decided.compareAndSet(false, true);
			deadline.cancel(false);
			// A connect that failed on its own before the deadline keeps its failure.
			if (timedOut && (failure == null || failure instanceof AsynchronousCloseException)) {
				channel.close();
				SocketTimeoutException exception = new SocketTimeoutException(
						"Connect timed out after " + timeout.toMillis() + " ms: " + address);
				if (failure != null) {
					exception.initCause(failure);
				}
				throw exception;
			}
			if (failure != null) {
				throw failure;
			}
		}

		private static ScheduledThreadPoolExecutor timer() {
			ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (task) -> {
				Thread thread = new Thread(task, "loopback-fastpath-connect-timeout");
				thread.setDaemon(true);
				return thread;
			});
			timer.setRemoveOnCancelPolicy(true);
			timer.setKeepAliveTime(1, TimeUnit.SECONDS);
			timer.allowCoreThreadTimeOut(true);
			return timer;
		}

	}

}
