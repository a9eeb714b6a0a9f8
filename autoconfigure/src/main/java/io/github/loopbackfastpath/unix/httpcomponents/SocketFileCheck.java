package io.github.loopbackfastpath.unix.httpcomponents;

import java.nio.file.Path;

/**
 * How a route looks at its socket file: only after a connect to it failed, to tell a
 * missing socket (fall back or fail as {@code on-unavailable} says) from a failure of the
 * connection itself. A seam, so that tests can count the calls.
 */
@FunctionalInterface
interface SocketFileCheck {

	/**
	 * Whether there is a file at a path.
	 * @param path the socket path
	 * @return whether it exists
	 */
	boolean exists(Path path);

}
