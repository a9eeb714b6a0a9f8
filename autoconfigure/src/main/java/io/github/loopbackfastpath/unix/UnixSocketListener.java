package io.github.loopbackfastpath.unix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The embedded server's Unix-socket listener, for the status report.
 */
public final class UnixSocketListener {

	private static final Log logger = LogFactory.getLog(UnixSocketListener.class);

	private final String component;

	private final Path path;

	private final @Nullable String permissions;

	private final @Nullable String permissionsNotApplied;

	private final LongAdder accepted = new LongAdder();

	private final PeerRejections peerRejected = new PeerRejections(logger);

	private final @Nullable UnixPeerRule allowedPeers;

	UnixSocketListener(String component, Path path, @Nullable String permissions) {
		this(component, path, permissions, null);
	}

	UnixSocketListener(String component, Path path, @Nullable String permissions, @Nullable UnixPeerRule allowedPeers) {
		this.component = component;
		this.path = path;
		this.allowedPeers = allowedPeers;
		// Where the file system has no POSIX permissions (Windows) neither Tomcat nor the
		// Reactor Netty listener can set them: the status says so instead of showing the
		// configured value as if it were the file's.
		boolean posix = UnixSocketPaths.hasPosixPermissions(path);
		this.permissions = posix ? permissions : null;
		this.permissionsNotApplied = (posix || permissions == null) ? null : notApplied(permissions);
	}

	/**
	 * Why configured permissions are not on the socket file.
	 * @param permissions the configured permissions
	 * @return the text for the status and the startup line
	 */
	static String notApplied(String permissions) {
		return permissions + " (" + UnixSocketTransport.SERVER_PERMISSIONS_PROPERTY
				+ ") could not be applied: this file system has no POSIX permissions; the socket file's ACL, "
				+ "inherited from its directory, decides who may connect";
	}

	/**
	 * Whether a connection just accepted may be served: always without
	 * {@code loopback.fastpath.unix.server.allowed-users} or {@code allowed-groups} (the
	 * source is not read); else only when its peer passes the rule. A refused connection,
	 * or one whose peer cannot be read, is counted and its peer named in a WARN (the
	 * first {@value PeerRejections#MAX_WARNED_PEERS} distinct ones); the server closes it
	 * before reading from it.
	 * @param source reads the connection's peer
	 * @return whether to serve it
	 */
	public boolean admit(UnixPeer.Source source) {
		UnixPeerRule allowed = this.allowedPeers;
		if (allowed == null) {
			return true;
		}
		String peer;
		try {
			UnixPeer read = source.read();
			if (allowed.accepts(read)) {
				return true;
			}
			peer = read.toString();
		}
		catch (IOException | RuntimeException ex) {
			peer = "unknown (its credentials could not be read: " + ex.getMessage() + ")";
		}
		String message = "Refused a connection to the Unix socket " + this.path + " from " + peer + ": only " + allowed
				+ " may connect (" + UnixSocketTransport.SERVER_ALLOWED_PEERS_PROPERTIES + ")";
		this.peerRejected.record(peer, message);
		return false;
	}

	/**
	 * Who may connect beyond the file permissions.
	 * @return the rule, or {@code null} for anyone the permissions let in
	 */
	public @Nullable UnixPeerRule allowedPeers() {
		return this.allowedPeers;
	}

	/**
	 * Connections refused because of their peer.
	 * @return the count
	 */
	public long peerRejected() {
		return this.peerRejected.count();
	}

	/**
	 * Counts an accepted connection.
	 */
	public void accepted() {
		this.accepted.increment();
	}

	/**
	 * The server component.
	 * @return {@code tomcat} or {@code netty-server}
	 */
	public String component() {
		return this.component;
	}

	/**
	 * The socket path.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * The permissions of the socket file.
	 * @return for example {@code rw-rw----}; {@code null} where the file system has no
	 * POSIX permissions (see {@link #permissionsNotApplied()})
	 */
	public @Nullable String permissions() {
		return this.permissions;
	}

	/**
	 * The configured permissions that could not be applied, with why.
	 * @return {@code null} when they apply or none are configured; else for example
	 * {@code rw-rw---- (...) could not be applied: this file system has no POSIX
	 * permissions; ...}
	 */
	public @Nullable String permissionsNotApplied() {
		return this.permissionsNotApplied;
	}

	/**
	 * Connections accepted so far.
	 * @return the count
	 */
	public long acceptedConnections() {
		return this.accepted.sum();
	}

}
