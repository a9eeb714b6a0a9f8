package io.github.loopbackfastpath;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a server listener could not get the loopback fast path and
 * {@code loopback.fastpath.on-failure=fail}.
 */
public class ListenerFastPathException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String component;

	private final String address;

	private final @Nullable String reason;

	/**
	 * Creates the exception.
	 * @param component the server component
	 * @param address the listener's address
	 * @param reason why the request failed
	 */
	public ListenerFastPathException(String component, String address, @Nullable String reason) {
		super("The " + component + " listener on " + address + " could not get the loopback fast path: " + reason);
		this.component = component;
		this.address = address;
		this.reason = reason;
	}

	/**
	 * The server component.
	 * @return for example {@code tomcat}
	 */
	public String getComponent() {
		return this.component;
	}

	/**
	 * The listener's address.
	 * @return for example {@code 127.0.0.1:8080}
	 */
	public String getAddress() {
		return this.address;
	}

	/**
	 * Why the request failed.
	 * @return the Winsock error or other reason
	 */
	public @Nullable String getReason() {
		return this.reason;
	}

}
