package io.github.loopbackfastpath.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.PropertyResolver;

/**
 * The starter's two top-level switches and how they combine:
 * {@code loopback.fastpath.enabled} turns on the Windows socket option
 * ({@code SIO_LOOPBACK_FASTPATH}) and, unless {@code loopback.fastpath.unix.enabled} says
 * otherwise, the AF_UNIX transport; {@code loopback.fastpath.unix.enabled=true} turns on
 * the AF_UNIX transport alone, with no socket-option call anywhere. The starter (its
 * core, status endpoint, metrics and client integrations) exists when either is on.
 */
public final class StarterSwitches {

	/** The switch of the socket option (and, by default, of everything). */
	public static final String ENABLED = "loopback.fastpath.enabled";

	/** The switch of the AF_UNIX transport. */
	public static final String UNIX_ENABLED = "loopback.fastpath.unix.enabled";

	private StarterSwitches() {
	}

	/**
	 * Whether the socket option is on.
	 * @param properties the environment
	 * @return {@code loopback.fastpath.enabled}
	 */
	public static boolean isFastPathEnabled(PropertyResolver properties) {
		return isTrue(properties.getProperty(ENABLED));
	}

	/**
	 * Whether the AF_UNIX transport is on.
	 * @param properties the environment
	 * @return {@code loopback.fastpath.unix.enabled} when set, else
	 * {@code loopback.fastpath.enabled}
	 */
	public static boolean isUnixEnabled(PropertyResolver properties) {
		String unix = properties.getProperty(UNIX_ENABLED);
		return (unix != null) ? isTrue(unix) : isFastPathEnabled(properties);
	}

	/**
	 * Whether any part of the starter is on.
	 * @param properties the environment
	 * @return whether the socket option or the AF_UNIX transport is on
	 */
	public static boolean isStarterEnabled(PropertyResolver properties) {
		return isFastPathEnabled(properties) || isUnixEnabled(properties);
	}

	private static boolean isTrue(@Nullable String value) {
		return value != null && value.trim().equalsIgnoreCase("true");
	}

}
