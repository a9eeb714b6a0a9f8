package io.github.loopbackfastpath.policy;

/**
 * Why a socket did not ask for the loopback fast path. {@link #key()} is what the status
 * report and metrics show.
 */
public enum SkipReason {

	/** The destination or bound address is not a loopback address. */
	NOT_LOOPBACK("not-loopback"),

	/**
	 * {@code loopback.fastpath.client.ports} is set and does not list the destination
	 * port.
	 */
	PORT_NOT_LISTED("port-not-listed"),

	/** {@code loopback.fastpath.client.enabled=false}. */
	CLIENT_DISABLED("client-disabled"),

	/** {@code loopback.fastpath.server.enabled=false}. */
	SERVER_DISABLED("server-disabled"),

	/** The operating system has no per-socket loopback fast path. */
	PLATFORM_UNSUPPORTED("platform-unsupported"),

	/**
	 * The channel is not a JDK NIO channel (Netty's epoll or io_uring transport, for
	 * example), so there is no socket to configure before it connects or binds.
	 */
	NATIVE_TRANSPORT("native-transport"),

	/**
	 * The starter has no hook for this socket: a server protocol or client it does not
	 * know, an inherited channel, or a Unix domain socket.
	 */
	UNHOOKED("unhooked");

	private final String key;

	SkipReason(String key) {
		this.key = key;
	}

	/**
	 * The reason's key in the status report and in metric tags.
	 * @return for example {@code not-loopback}
	 */
	public String key() {
		return this.key;
	}

}
