package io.github.loopbackfastpath.policy;

/**
 * Why a socket did not ask for the loopback fast path. {@link #key()} is what the status report
 * and metrics show.
 */
public enum SkipReason {

	/** The destination or bound address is not a loopback address. */
	NOT_LOOPBACK("not-loopback", "the address is not a loopback address"),

	/** {@code loopback.fastpath.client.ports} is set and does not list the destination port. */
	PORT_NOT_LISTED("port-not-listed", "the destination port is not in loopback.fastpath.client.ports"),

	/** {@code loopback.fastpath.client.enabled=false}. */
	CLIENT_DISABLED("client-disabled", "loopback.fastpath.client.enabled is false"),

	/** {@code loopback.fastpath.server.enabled=false}. */
	SERVER_DISABLED("server-disabled", "loopback.fastpath.server.enabled is false"),

	/** The operating system has no per-socket loopback fast path. */
	PLATFORM_UNSUPPORTED("platform-unsupported", "this platform has no SIO_LOOPBACK_FASTPATH"),

	/**
	 * The channel is not a JDK NIO channel (Netty's epoll or io_uring transport, for example),
	 * so there is no socket to configure before it connects or binds.
	 */
	NATIVE_TRANSPORT("native-transport",
			"the channel uses a native transport (epoll, io_uring, kqueue), not the JDK's NIO sockets that Windows uses"),

	/**
	 * The starter has no hook for this socket: a server protocol or client it does not know,
	 * an inherited channel, or a Unix domain socket.
	 */
	UNHOOKED("unhooked", "the starter has no hook for this socket");

	private final String key;

	private final String description;

	SkipReason(String key, String description) {
		this.key = key;
		this.description = description;
	}

	/**
	 * The reason's key in the status report and in metric tags.
	 * @return for example {@code not-loopback}
	 */
	public String key() {
		return this.key;
	}

	/**
	 * The reason in words.
	 * @return a sentence fragment for logs
	 */
	public String description() {
		return this.description;
	}

}
