package io.github.loopbackfastpath.unix;

import java.util.Map;

/**
 * A {@link UnixSocketTransport} whose clock stands still, for tests in other packages (an
 * application's own transport bean, which the auto-configuration backs off from): a
 * socket file that refused is never tried again before it is replaced, so that counts of
 * failures and fallbacks do not depend on how long a test takes.
 */
public final class StillClockTransport {

	private StillClockTransport() {
	}

	/**
	 * Client routes, checked as the properties are, on a clock that stands still.
	 * @param routes socket path by loopback port
	 * @param onUnavailable what a connection does when its socket is missing or refuses
	 * @return the transport
	 */
	public static UnixSocketTransport of(Map<Integer, String> routes, OnUnavailable onUnavailable) {
		return UnixSocketTransport.ofRoutes(routes, onUnavailable, () -> 0L);
	}

}
