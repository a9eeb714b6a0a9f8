package io.github.loopbackfastpath.unix;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What the transport says about itself: the startup checks of the configured paths (a
 * route's missing directory or a file that is not a socket, a directory other users can
 * write), kept as {@link #warnings()} for the status, and the text of the startup line.
 */
public final class UnixTransportReport {

	private static final Log logger = LogFactory.getLog(UnixTransportReport.class);

	private final UnixSocketTransport transport;

	private final List<String> warnings = new CopyOnWriteArrayList<>();

	UnixTransportReport(UnixSocketTransport transport) {
		this.transport = transport;
	}

	/**
	 * What is wrong at a route's path at startup, when something is: its directory is
	 * missing, or the path names a regular file or a directory. Neither stops startup
	 * (the sidecar that owns the path may create its directory and replace the file
	 * later; the starter never touches a route's path), but each is logged once at WARN.
	 */
	public void checkRoutePaths() {
		this.transport.routes().values().forEach((route) -> {
			Path path = route.path();
			Path parent = path.getParent();
			boolean missingDirectory = !Files.exists(path, LinkOption.NOFOLLOW_LINKS) && parent != null
					&& !Files.isDirectory(parent);
			if (missingDirectory || Files.isRegularFile(path) || Files.isDirectory(path)) {
				String problem = UnixSocketTransport.ROUTES_PROPERTY + "." + route.port() + "=" + path + ": "
						+ UnixRouteAvailability.describe(path) + "; requests to loopback port " + route.port() + " "
						+ ((this.transport.onUnavailable() == OnUnavailable.FAIL) ? "fail" : "go over TCP")
						+ " until a sidecar listens there";
				if (logger.isWarnEnabled()) {
					logger.warn("Unix-socket route " + problem);
				}
			}
		});
	}

	/**
	 * Says, once at WARN, what is unsafe about the directories of the routes' and the
	 * server's sockets ({@link UnixSocketPaths#unsafeDirectory}), and keeps it for the
	 * status.
	 */
	public void checkDirectories() {
		this.transport.routes()
			.values()
			.forEach((route) -> warnIfUnsafe(UnixSocketTransport.ROUTES_PROPERTY + "." + route.port(), route.path()));
		Path serverPath = this.transport.server().path();
		if (serverPath != null) {
			warnIfUnsafe(UnixSocketTransport.SERVER_PATH_PROPERTY, serverPath);
		}
	}

	private void warnIfUnsafe(String property, Path path) {
		String unsafe = UnixSocketPaths.unsafeDirectory(path);
		if (unsafe != null) {
			String warning = property + "=" + path + ": " + unsafe;
			this.warnings.add(warning);
			if (logger.isWarnEnabled()) {
				logger.warn("Unix socket " + warning);
			}
		}
	}

	/**
	 * What is unsafe about the configured socket paths.
	 * @return the warnings, each naming its property, the problem and the fix
	 */
	public List<String> warnings() {
		return List.copyOf(this.warnings);
	}

	/**
	 * A one-line description for the startup log.
	 * @return for example
	 * {@code server unix:/run/app.sock; routes 15001->/run/envoy.sock}
	 */
	public String describe() {
		StringBuilder text = new StringBuilder("AF_UNIX: server ");
		UnixServerSocket server = this.transport.server();
		UnixSocketListener listener = server.listener();
		Path serverPath = server.path();
		String permissions = server.permissions();
		if (listener != null) {
			text.append(listener.component()).append(" on ").append(listener.path());
		}
		else {
			text.append((serverPath != null) ? "not listening on " + serverPath : "none");
		}
		if (serverPath != null && permissions != null && !UnixSocketPaths.hasPosixPermissions(serverPath)) {
			text.append(", permissions ").append(UnixSocketListener.notApplied(permissions));
		}
		text.append(", routes ");
		if (this.transport.routes().isEmpty()) {
			text.append("none");
		}
		else {
			text.append(describeRoutes())
				.append(" (on-unavailable=")
				.append(this.transport.onUnavailable().name().toLowerCase(Locale.ROOT))
				.append(")");
		}
		return text.toString();
	}

	/**
	 * The routes for messages.
	 * @return for example {@code loopback:15001 -> /run/envoy.sock}
	 */
	public String describeRoutes() {
		return describeRoutes(this.transport.routes().values());
	}

	static String describeRoutes(Collection<UnixRoute> routes) {
		StringBuilder list = new StringBuilder();
		routes.forEach((route) -> list.append((list.length() > 0) ? ", " : "")
			.append("loopback:")
			.append(route.port())
			.append(" -> ")
			.append(route.path()));
		return list.toString();
	}

}
