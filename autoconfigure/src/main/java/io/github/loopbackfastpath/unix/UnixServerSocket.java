package io.github.loopbackfastpath.unix;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * The embedded server's Unix socket: where it listens, with which permissions and for
 * which peers ({@code loopback.fastpath.unix.server.*}), and its listener while it
 * listens, for the status report. Tomcat's and Reactor Netty's listeners register here.
 */
public final class UnixServerSocket {

	private final @Nullable Path path;

	private final @Nullable String permissions;

	private final @Nullable UnixPeerRule allowedPeers;

	private final AtomicReference<@Nullable UnixSocketListener> listener = new AtomicReference<>();

	UnixServerSocket(@Nullable Path path, @Nullable String permissions, @Nullable UnixPeerRule allowedPeers) {
		this.path = path;
		this.permissions = permissions;
		this.allowedPeers = allowedPeers;
	}

	/**
	 * Where the embedded server also listens.
	 * @return the path, or {@code null} when not configured
	 */
	public @Nullable Path path() {
		return this.path;
	}

	/**
	 * The server socket's permissions as configured.
	 * @return for example {@code rw-rw----}, or {@code null}
	 */
	public @Nullable String permissions() {
		return this.permissions;
	}

	/**
	 * The server socket's permissions, parsed.
	 * @return the permissions, or {@code null}
	 */
	public @Nullable Set<PosixFilePermission> posixPermissions() {
		return (this.permissions != null)
				? UnixSocketPaths.permissions(UnixSocketTransport.SERVER_PERMISSIONS_PROPERTY, this.permissions) : null;
	}

	/**
	 * Who may connect to the server's socket, beyond its file permissions.
	 * @return the rule, or {@code null} for anyone the permissions let in
	 */
	public @Nullable UnixPeerRule allowedPeers() {
		return this.allowedPeers;
	}

	/**
	 * Records that the server listens on its Unix socket.
	 * @param component the server component
	 * @param path the socket path
	 * @param permissions the permissions set on the file, or {@code null}
	 * @return the listener, to count accepted connections on
	 */
	public UnixSocketListener listening(String component, Path path, @Nullable String permissions) {
		UnixSocketListener listener = new UnixSocketListener(component, path, permissions, this.allowedPeers);
		this.listener.set(listener);
		return listener;
	}

	/**
	 * Records that the server's Unix socket is closed.
	 * @param listener the listener
	 */
	public void closed(UnixSocketListener listener) {
		this.listener.compareAndSet(listener, null);
	}

	/**
	 * The server's Unix-socket listener.
	 * @return the listener, or {@code null} when the server does not listen on one (now)
	 */
	public @Nullable UnixSocketListener listener() {
		return this.listener.get();
	}

}
