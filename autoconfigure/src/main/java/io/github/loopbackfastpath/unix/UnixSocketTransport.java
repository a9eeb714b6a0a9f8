package io.github.loopbackfastpath.unix;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import io.github.loopbackfastpath.policy.LoopbackPolicy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The one place integrations ask "where does this connection go?" for the AF_UNIX sidecar
 * transport, the way they ask {@code LoopbackFastPath} about the socket option: a
 * loopback destination ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}) on a routed
 * port goes to its {@link UnixRoute}, everything else stays on TCP. When a route's socket
 * is missing or refuses, {@link #unavailable} decides between TCP and failing the
 * request, and counts it. It also holds the embedded server's Unix-socket settings and
 * its listener for the status report.
 */
public final class UnixSocketTransport {

	private static final Log logger = LogFactory.getLog(UnixSocketTransport.class);

	/** The property prefix of routes, for messages. */
	public static final String ROUTES_PROPERTY = "loopback.fastpath.unix.routes";

	/** The property of the server's socket path, for messages. */
	public static final String SERVER_PATH_PROPERTY = "loopback.fastpath.unix.server.path";

	/** The property of the server socket's permissions, for messages. */
	public static final String SERVER_PERMISSIONS_PROPERTY = "loopback.fastpath.unix.server.permissions";

	/** How many host strings {@link #isLoopbackHost} keeps its answer for. */
	static final int MAX_CACHED_HOSTS = 256;

	private final Map<Integer, UnixRoute> routes;

	private final OnUnavailable onUnavailable;

	private final @Nullable Path serverPath;

	private final @Nullable String serverPermissions;

	private final AtomicReference<@Nullable UnixSocketListener> server = new AtomicReference<>();

	private final Map<String, String> notCovered = new ConcurrentHashMap<>();

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
		this(routes, onUnavailable, serverPath, serverPermissions, System::nanoTime);
	}

	UnixSocketTransport(Map<Integer, Path> routes, OnUnavailable onUnavailable, @Nullable Path serverPath,
			@Nullable String serverPermissions, LongSupplier nanoTime) {
		Map<Integer, UnixRoute> table = new TreeMap<>();
		routes.forEach((port, path) -> {
			checkPort(port, path.toString());
			table.put(port, new UnixRoute(port, path, nanoTime));
		});
		this.routes = Collections.unmodifiableMap(table);
		this.onUnavailable = onUnavailable;
		this.serverPath = serverPath;
		this.serverPermissions = serverPermissions;
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
		Map<Integer, Path> paths = checkRoutes(routes);
		Path server = null;
		String permissions = null;
		if (serverPath != null) {
			server = UnixSocketPaths.checkListenPath(SERVER_PATH_PROPERTY, serverPath, (serverPermissions != null)
					? UnixSocketPaths.permissions(SERVER_PERMISSIONS_PROPERTY, serverPermissions) : null);
			permissions = serverPermissions;
		}
		return new UnixSocketTransport(paths, onUnavailable, server, permissions);
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
				if (!isUnavailableOnConnect(route, ex)) {
					throw ex;
				}
				unavailable(route, ex);
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
	 * Whether a route's socket file exists now. A missing socket is unavailable without a
	 * connection attempt.
	 * @param route the route
	 * @return whether there is a file at its path
	 */
	public boolean isPresent(UnixRoute route) {
		return Files.exists(route.path());
	}

	/**
	 * Whether a connection failure means that the socket is unavailable (missing, or
	 * nobody accepts on it), as opposed to a failure of the request itself.
	 * @param failure what the client threw
	 * @return whether the request was never sent
	 */
	public static boolean isUnavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnixSocketUnavailableException) {
				return false;
			}
			// ECONNREFUSED from the JDK and Netty; ENOENT from Netty's native transport
			// and the JDK.
			if (cause instanceof ConnectException || cause instanceof FileNotFoundException
					|| cause instanceof NoSuchFileException) {
				return true;
			}
			if (cause instanceof SocketException && cause.getMessage() != null
					&& cause.getMessage().contains("No such file")) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/**
	 * Whether a failed connect to a route's socket means that the socket is unavailable:
	 * as {@link #isUnavailable(Throwable)}, or the file is gone. The JDK reports a
	 * missing file as a {@code SocketException} with the OS's message, in the OS's
	 * language; only for a connect, never for a request that may have been sent, is the
	 * path asked.
	 * @param route the route
	 * @param failure what the connect threw
	 * @return whether nothing was sent
	 */
	public static boolean isUnavailableOnConnect(UnixRoute route, Throwable failure) {
		return isUnavailableOnConnect(route, failure, Files::exists);
	}

	/**
	 * As {@link #isUnavailableOnConnect(UnixRoute, Throwable)}, asking a check of the
	 * caller's whether the file is there: the one file-system call of a route, made only
	 * after a connect failed, never for a connection that succeeded or is reused.
	 * @param route the route
	 * @param failure what the connect threw
	 * @param exists whether there is a file at a path ({@code Files::exists})
	 * @return whether nothing was sent
	 */
	public static boolean isUnavailableOnConnect(UnixRoute route, Throwable failure, Predicate<Path> exists) {
		return isUnavailable(failure) || (failure instanceof IOException && !exists.test(route.path()));
	}

	/**
	 * Handles a route whose socket is missing or refused: with {@code on-unavailable=tcp}
	 * counts a fallback and returns, so that the caller sends the request over TCP; with
	 * {@code fail} counts a failure and throws.
	 * @param route the route
	 * @param cause why the socket could not be used
	 * @throws UnixSocketUnavailableException with {@code on-unavailable=fail}
	 */
	public void unavailable(UnixRoute route, Throwable cause) throws UnixSocketUnavailableException {
		if (this.onUnavailable == OnUnavailable.FAIL) {
			route.failed();
			throw new UnixSocketUnavailableException(route.port(), route.path(), cause);
		}
		route.fellBack();
		if (route.firstUnavailable() && logger.isWarnEnabled()) {
			logger.warn("Unix-socket route of loopback port " + route.port() + " is unavailable: "
					+ unavailableReason(route.path(), cause) + "; requests go over TCP until it is back");
		}
	}

	/**
	 * Why a route's socket could not be used, naming the path and what is there: a client
	 * library's own message names the TCP destination (Apache HttpClient's
	 * {@code Connect to http://127.0.0.1:15001 failed: Connection refused}), which reads
	 * as a TCP problem, and Linux answers a connect to a stale socket and to a regular
	 * file alike with {@code ECONNREFUSED}.
	 * @param path the socket path
	 * @param cause what the connect threw
	 * @return for example {@code nothing listens on the Unix socket /run/x.sock (a stale
	 * socket file; Connection refused)}
	 */
	public static String unavailableReason(Path path, Throwable cause) {
		Throwable innermost = cause;
		while (innermost.getCause() != null && innermost.getCause() != innermost) {
			innermost = innermost.getCause();
		}
		String state = describe(path);
		if (innermost instanceof NoSuchFileException || innermost.getMessage() == null) {
			return state;
		}
		return state + " (" + innermost.getMessage() + ")";
	}

	/**
	 * What is at a route's path, for messages.
	 * @param path the socket path
	 * @return for example {@code /run/x.sock is not a Unix socket (a regular file)}
	 */
	static String describe(Path path) {
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			Path parent = path.getParent();
			if (parent != null && !Files.isDirectory(parent)) {
				return "there is no Unix socket at " + path + ": its directory " + parent + " does not exist";
			}
			return "there is no Unix socket at " + path + " (no file)";
		}
		if (Files.isDirectory(path)) {
			return path + " is not a Unix socket (a directory)";
		}
		if (Files.isRegularFile(path)) {
			return path + " is not a Unix socket (a regular file)";
		}
		if (UnixSocketPaths.isSocket(path)) {
			return "nothing listens on the Unix socket " + path + " (a stale socket file, or its sidecar is not "
					+ "accepting)";
		}
		return path + " is not a Unix socket";
	}

	/**
	 * What is wrong at a route's path at startup, when something is: its directory is
	 * missing, or the path names a regular file or a directory. Neither stops startup
	 * (the sidecar that owns the path may create its directory and replace the file
	 * later; the starter never touches a route's path), but each is logged once at WARN.
	 */
	public void checkRoutePaths() {
		this.routes.values().forEach((route) -> {
			Path path = route.path();
			Path parent = path.getParent();
			boolean missingDirectory = !Files.exists(path, LinkOption.NOFOLLOW_LINKS) && parent != null
					&& !Files.isDirectory(parent);
			if (missingDirectory || Files.isRegularFile(path) || Files.isDirectory(path)) {
				String problem = ROUTES_PROPERTY + "." + route.port() + "=" + path + ": " + describe(path)
						+ "; requests to loopback port " + route.port() + " "
						+ ((this.onUnavailable == OnUnavailable.FAIL) ? "fail" : "go over TCP")
						+ " until a sidecar listens there";
				if (logger.isWarnEnabled()) {
					logger.warn("Unix-socket route " + problem);
				}
			}
		});
	}

	/**
	 * The exception for a socket file that does not exist.
	 * @param route the route
	 * @return the exception to pass to {@link #unavailable}
	 */
	public static NoSuchFileException missing(UnixRoute route) {
		return new NoSuchFileException(route.path().toString(), null, "no Unix socket at this path");
	}

	/**
	 * Where a new connection on a route goes when its channel is chosen before it
	 * connects and cannot switch to TCP afterwards (gRPC-Java's Netty transport creates
	 * each connection's channel first, then connects it): to the socket file at the path
	 * now, unless it is missing or is the very file that refused a connection before;
	 * then {@link #unavailable} decides, as for any other client.
	 * @param route the route
	 * @return the socket file to connect to, or {@code null} to go over TCP (a fallback,
	 * counted)
	 * @throws UnixSocketUnavailableException with {@code on-unavailable=fail}
	 */
	public @Nullable SocketFile beforeConnect(UnixRoute route) throws UnixSocketUnavailableException {
		SocketFile file = SocketFile.at(route.path());
		if (file == null) {
			unavailable(route, missing(route));
			return null;
		}
		if (route.refusedBefore(file)) {
			unavailable(route, new ConnectException("the socket file refused a connection before and has not been "
					+ "replaced since (nothing listens on it); it is tried again after a backoff"));
			return null;
		}
		return file;
	}

	/**
	 * Handles a socket file that refused a connection chosen by {@link #beforeConnect}:
	 * that connection cannot go over TCP any more, so it fails, and is counted as a
	 * failure whatever {@code on-unavailable} says. The file is remembered (a stale
	 * socket keeps refusing until a sidecar replaces it), so that the next connections go
	 * over TCP, or fail, as {@code on-unavailable} says, until the file at the path is
	 * another one or a connection to it succeeds.
	 * @param route the route
	 * @param file the file that refused
	 * @param cause the refusal
	 * @return what to fail the connection with: an exception naming the path
	 */
	public ConnectException refused(UnixRoute route, SocketFile file, Throwable cause) {
		route.refusedBy(file);
		route.failed();
		if (route.firstUnavailable() && logger.isWarnEnabled()) {
			logger.warn("Unix-socket route of loopback port " + route.port() + " refused a connection: "
					+ unavailableReason(route.path(), cause) + "; gRPC channels "
					+ ((this.onUnavailable == OnUnavailable.FAIL) ? "fail" : "go over TCP")
					+ " until the socket file is replaced");
		}
		if (this.onUnavailable == OnUnavailable.FAIL) {
			return new UnixSocketUnavailableException(route.port(), route.path(), cause);
		}
		ConnectException refused = new ConnectException("Unix-socket route of loopback port " + route.port()
				+ " refused the connection: " + unavailableReason(route.path(), cause)
				+ "; the next connections go over TCP until the socket file is replaced or its retry time comes");
		refused.initCause(cause);
		return refused;
	}

	/**
	 * Records that a client component cannot use the routes and goes over TCP, and says
	 * so once in the log.
	 * @param component the component
	 * @param reason why, and what to use instead
	 */
	public void notCovered(String component, String reason) {
		notCovered(List.of(component), reason);
	}

	/**
	 * Records that client components cannot use the routes for one reason, and says so in
	 * one log line, unless that reason was logged before (the startup check and the
	 * clients' builders report the same reason: it is logged once).
	 * @param components the components
	 * @param reason why, and what to use instead
	 */
	public synchronized void notCovered(List<String> components, String reason) {
		if (this.routes.isEmpty()) {
			return;
		}
		boolean logged = this.notCovered.containsValue(reason);
		components.forEach((component) -> this.notCovered.put(component, reason));
		if (!logged && logger.isWarnEnabled()) {
			logger.warn("Unix-socket routes (" + describeRoutes() + ") do not cover " + String.join(", ", components)
					+ ": " + reason);
		}
	}

	/**
	 * Client components that cannot use the routes.
	 * @return the reason by component, sorted by component
	 */
	public Map<String, String> notCovered() {
		return new TreeMap<>(this.notCovered);
	}

	/**
	 * Where the embedded server also listens.
	 * @return the path, or {@code null} when not configured
	 */
	public @Nullable Path serverPath() {
		return this.serverPath;
	}

	/**
	 * The server socket's permissions as configured.
	 * @return for example {@code rw-rw----}, or {@code null}
	 */
	public @Nullable String serverPermissions() {
		return this.serverPermissions;
	}

	/**
	 * The server socket's permissions, parsed.
	 * @return the permissions, or {@code null}
	 */
	public @Nullable Set<PosixFilePermission> serverPosixPermissions() {
		return (this.serverPermissions != null)
				? UnixSocketPaths.permissions(SERVER_PERMISSIONS_PROPERTY, this.serverPermissions) : null;
	}

	/**
	 * Records that the server listens on its Unix socket.
	 * @param component the server component
	 * @param path the socket path
	 * @param permissions the permissions set on the file, or {@code null}
	 * @return the listener, to count accepted connections on
	 */
	public UnixSocketListener listening(String component, Path path, @Nullable String permissions) {
		UnixSocketListener listener = new UnixSocketListener(component, path, permissions);
		this.server.set(listener);
		return listener;
	}

	/**
	 * Records that the server's Unix socket is closed.
	 * @param listener the listener
	 */
	public void closed(UnixSocketListener listener) {
		this.server.compareAndSet(listener, null);
	}

	/**
	 * The server's Unix-socket listener.
	 * @return the listener, or {@code null} when the server does not listen on one (now)
	 */
	public @Nullable UnixSocketListener server() {
		return this.server.get();
	}

	/**
	 * A one-line description for the startup log.
	 * @return for example
	 * {@code server unix:/run/app.sock; routes 15001->/run/envoy.sock}
	 */
	public String describe() {
		StringBuilder text = new StringBuilder("AF_UNIX: server ");
		UnixSocketListener listener = server();
		if (listener != null) {
			text.append(listener.component()).append(" on ").append(listener.path());
		}
		else {
			text.append((this.serverPath != null) ? "not listening on " + this.serverPath : "none");
		}
		if (this.serverPath != null && this.serverPermissions != null
				&& !UnixSocketPaths.hasPosixPermissions(this.serverPath)) {
			text.append(", permissions ").append(UnixSocketListener.notApplied(this.serverPermissions));
		}
		text.append(", routes ");
		if (this.routes.isEmpty()) {
			text.append("none");
		}
		else {
			text.append(describeRoutes())
				.append(" (on-unavailable=")
				.append(this.onUnavailable.name().toLowerCase(Locale.ROOT))
				.append(")");
		}
		return text.toString();
	}

	/**
	 * The routes for messages.
	 * @return for example {@code loopback:15001 -> /run/envoy.sock}
	 */
	public String describeRoutes() {
		StringBuilder list = new StringBuilder();
		this.routes.values()
			.forEach((route) -> list.append((list.length() > 0) ? ", " : "")
				.append("loopback:")
				.append(route.port())
				.append(" -> ")
				.append(route.path()));
		return list.toString();
	}

	/**
	 * One socket file at a route's path: replacing the socket (a sidecar that starts
	 * again unlinks the old file and binds a new one) gives another file key (device and
	 * inode, where the file system has them) or another modification time.
	 */
	public record SocketFile(@Nullable Object key, FileTime modified) {

		static @Nullable SocketFile at(Path path) {
			try {
				BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
				return new SocketFile(attributes.fileKey(), attributes.lastModifiedTime());
			}
			catch (IOException ex) {
				// Missing, or its existence cannot be determined: as Files.exists.
				return null;
			}
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
			ScheduledFuture<?> deadline = TIMER.schedule(() -> {
				channel.close();
				return null;
			}, nanos, TimeUnit.NANOSECONDS);
			IOException failure = null;
			try {
				channel.connect(address);
			}
			catch (IOException ex) {
				failure = ex;
			}
			// Not cancelled: the timer closed the channel, or is closing it now.
			// A connect that failed on its own first keeps its failure.
			if (!deadline.cancel(false) && (failure == null || failure instanceof AsynchronousCloseException)) {
				channel.close();
				SocketTimeoutException timedOut = new SocketTimeoutException(
						"Connect timed out after " + timeout.toMillis() + " ms: " + address);
				if (failure != null) {
					timedOut.initCause(failure);
				}
				throw timedOut;
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
