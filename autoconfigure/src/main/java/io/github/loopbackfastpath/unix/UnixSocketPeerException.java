package io.github.loopbackfastpath.unix;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * A Unix-socket connection refused by the starter because the process at the other end is
 * not the peer its route expects ({@code loopback.fastpath.unix.peers.<port>}): the
 * connection was closed before a byte of the request was written. It never falls back to
 * TCP, whatever {@code on-unavailable} says: a socket taken over by another user is
 * something to see and fix, not to route around. Like every
 * {@link UnixSocketUnavailableException} it is a {@link java.net.ConnectException}, so
 * clients report it, and do not retry it, as a refused connection.
 */
public class UnixSocketPeerException extends UnixSocketUnavailableException {

	private final transient @Nullable UnixPeer peer;

	/**
	 * Creates the exception.
	 * @param port the routed port
	 * @param path the socket path
	 * @param expected the peer the route expects
	 * @param peer the peer found, or {@code null} when the operating system did not tell
	 * it
	 * @param why why the peer could not be read, when it could not
	 */
	public UnixSocketPeerException(int port, Path path, UnixPeerRule expected, @Nullable UnixPeer peer,
			@Nullable String why) {
		super("Unix-socket route of loopback port " + port + ": the process listening on " + path + " is "
				+ ((peer != null) ? peer : "unknown (" + why + ")") + ", not the expected " + expected
				+ " (loopback.fastpath.unix.peers." + port + "); the connection was closed before the request "
				+ "was sent, and is not retried over TCP", port, path);
		this.peer = peer;
	}

	/**
	 * The peer found.
	 * @return the peer, or {@code null} when it could not be read
	 */
	public @Nullable UnixPeer getPeer() {
		return this.peer;
	}

}
