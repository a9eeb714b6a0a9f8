package io.github.loopbackfastpath.unix;

import java.net.ConnectException;
import java.nio.file.Path;

/**
 * A request on a Unix-socket route whose socket was missing or refused the connection,
 * while {@code loopback.fastpath.unix.on-unavailable=fail}. It is a
 * {@link ConnectException}, so clients report it the way they report a refused TCP
 * connection.
 */
public class UnixSocketUnavailableException extends ConnectException {

	private final transient Path path;

	private final int port;

	/**
	 * Creates the exception.
	 * @param port the routed port
	 * @param path the socket path
	 * @param cause why the socket could not be used, or {@code null} when it does not
	 * exist
	 */
	public UnixSocketUnavailableException(int port, Path path, Throwable cause) {
		super("Unix-socket route of loopback port " + port + " is unavailable: "
				+ UnixRouteAvailability.unavailableReason(path, cause)
				+ "; loopback.fastpath.unix.on-unavailable=fail, so the request is not sent over TCP");
		initCause(cause);
		this.path = path;
		this.port = port;
	}

	/**
	 * Creates an exception with a message of its own, for a socket that is there but may
	 * not be used.
	 * @param message the message
	 * @param port the routed port
	 * @param path the socket path
	 */
	protected UnixSocketUnavailableException(String message, int port, Path path) {
		super(message);
		this.path = path;
		this.port = port;
	}

	/**
	 * The socket path.
	 * @return the path
	 */
	public Path getPath() {
		return this.path;
	}

	/**
	 * The routed port.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

}
