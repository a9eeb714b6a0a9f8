package io.github.loopbackfastpath.unix;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What becomes of a connection whose route's socket cannot be used: whether a failure
 * means that the socket is unavailable (missing, or nobody accepts on it) rather than
 * that the request failed, what {@code on-unavailable} makes of it (a counted fallback to
 * TCP, or a failure naming the path), the back-off of a socket file that refused a
 * channel chosen before it connected (gRPC's), and the messages that say what is at the
 * path. Every client integration asks it, through
 * {@link UnixSocketTransport#availability()}, so that none decides this on its own.
 */
public final class UnixRouteAvailability {

	private static final Log logger = LogFactory.getLog(UnixRouteAvailability.class);

	private final OnUnavailable onUnavailable;

	UnixRouteAvailability(OnUnavailable onUnavailable) {
		this.onUnavailable = onUnavailable;
	}

	/**
	 * What a connection does when its socket is missing or refuses.
	 * @return the mode
	 */
	public OnUnavailable onUnavailable() {
		return this.onUnavailable;
	}

	/**
	 * Whether a route's socket file exists now. A missing socket is unavailable without a
	 * connection attempt.
	 * @param route the route
	 * @return whether there is a file at its path
	 */
	public static boolean isPresent(UnixRoute route) {
		return Files.exists(route.path());
	}

	/**
	 * Whether a connection failure means that the socket is unavailable (missing, or
	 * nobody accepts on it), as opposed to a failure of the request itself. A timeout is
	 * never "unavailable": a socket that did not accept in time is the connection's own
	 * failure, as over TCP.
	 * @param failure what the client threw
	 * @return whether the request was never sent
	 */
	public static boolean isUnavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnixSocketUnavailableException || isTimeout(cause)) {
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
	 * Whether a failure is a timeout: a socket that did not accept in time is the
	 * connection's own failure, as over TCP, on every client (HttpClient's
	 * {@code SocketTimeoutException}; Netty's {@code ConnectTimeoutException}, a
	 * {@code ConnectException} by type, named here so that this class needs no Netty).
	 */
	private static boolean isTimeout(Throwable cause) {
		return cause instanceof SocketTimeoutException
				|| "io.netty.channel.ConnectTimeoutException".equals(cause.getClass().getName());
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

}
