package io.github.loopbackfastpath.unix;

import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * The embedded server's Unix-socket listener, for the status report.
 */
public final class UnixSocketListener {

	private final String component;

	private final Path path;

	private final @Nullable String permissions;

	private final @Nullable String permissionsNotApplied;

	private final LongAdder accepted = new LongAdder();

	UnixSocketListener(String component, Path path, @Nullable String permissions) {
		this.component = component;
		this.path = path;
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
