package io.github.loopbackfastpath.unix;

/**
 * What a routed connection does when its Unix socket is missing or refuses the
 * connection.
 */
public enum OnUnavailable {

	/**
	 * Go over TCP loopback to the same host and port, and count a fallback.
	 */
	TCP,

	/**
	 * Fail the request with an error naming the socket path, and count a failure.
	 */
	FAIL

}
