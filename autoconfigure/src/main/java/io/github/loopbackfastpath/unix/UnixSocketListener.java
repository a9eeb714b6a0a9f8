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

	private final LongAdder accepted = new LongAdder();

	UnixSocketListener(String component, Path path, @Nullable String permissions) {
		this.component = component;
		this.path = path;
		this.permissions = permissions;
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
	 * POSIX permissions
	 */
	public @Nullable String permissions() {
		return this.permissions;
	}

	/**
	 * Connections accepted so far.
	 * @return the count
	 */
	public long acceptedConnections() {
		return this.accepted.sum();
	}

}
