package io.github.loopbackfastpath.platform.windows;

import java.util.HashMap;
import java.util.Map;

/**
 * Winsock error codes that {@code WSAIoctl} can report, so that logs and the status
 * report name them the way Microsoft's documentation does.
 *
 * @see <a href=
 * "https://learn.microsoft.com/windows/win32/winsock/windows-sockets-error-codes-2">Windows
 * Sockets Error Codes</a>
 */
public enum WinsockError {

	/** A blocking call was interrupted. */
	WSAEINTR(10004),
	/** The socket handle is not valid. */
	WSAEBADF(10009),
	/** Access was denied. */
	WSAEACCES(10013),
	/** A buffer pointer is not valid. */
	WSAEFAULT(10014),
	/**
	 * An argument is not valid, or the socket is in a state that does not allow the call.
	 */
	WSAEINVAL(10022),
	/** The operation would block. */
	WSAEWOULDBLOCK(10035),
	/** A blocking operation is in progress. */
	WSAEINPROGRESS(10036),
	/** The handle is not a socket. */
	WSAENOTSOCK(10038),
	/** The option is unknown or unsupported. */
	WSAENOPROTOOPT(10042),
	/**
	 * The operation is not supported: the provider has no loopback fast path (Windows 7,
	 * Wine, layered providers).
	 */
	WSAEOPNOTSUPP(10045),
	/** The address family is not supported. */
	WSAEAFNOSUPPORT(10047),
	/** The network subsystem has failed. */
	WSAENETDOWN(10050),
	/** No buffer space is available. */
	WSAENOBUFS(10055),
	/** The socket is already connected: the option must be set before {@code connect}. */
	WSAEISCONN(10056),
	/** {@code WSAStartup} has not been called. */
	WSANOTINITIALISED(10093);

	private static final Map<Integer, WinsockError> BY_CODE = new HashMap<>();

	static {
		for (WinsockError error : values()) {
			BY_CODE.put(error.code, error);
		}
	}

	private final int code;

	WinsockError(int code) {
		this.code = code;
	}

	/**
	 * Names a code the way logs and the status report show it.
	 * @param code a Winsock error code
	 * @return for example {@code WSAEOPNOTSUPP (10045)}, or {@code WSA error 12345} for a
	 * code this enum does not know
	 */
	public static String describe(int code) {
		WinsockError error = BY_CODE.get(code);
		return (error != null) ? error.name() + " (" + code + ")" : "WSA error " + code;
	}

}
