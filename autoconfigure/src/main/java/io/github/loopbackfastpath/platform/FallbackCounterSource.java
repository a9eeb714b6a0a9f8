package io.github.loopbackfastpath.platform;

import java.util.Locale;
import java.util.Map;

import io.github.loopbackfastpath.platform.windows.PdhFallbackCounters;
import org.jspecify.annotations.Nullable;

/**
 * The operating system's own count of connections that fell off the loopback fast path.
 * Only Windows keeps one (in the "TCPIP Performance Diagnostics" counter set); everywhere
 * else there is nothing to read. A source may hold native resources until it is closed.
 */
@FunctionalInterface
public interface FallbackCounterSource extends AutoCloseable {

	/** The source for platforms without such counters. */
	FallbackCounterSource NONE = () -> null;

	/**
	 * Reads the counters now.
	 * @return counter values by counter name, or {@code null} when the counters are not
	 * available here
	 */
	@Nullable Map<String, Long> read();

	/**
	 * Releases what the source holds; it reads nothing afterwards.
	 */
	@Override
	default void close() {
	}

	/**
	 * Chooses the source for the running operating system: the Windows performance
	 * counters on Windows (whatever {@link FastPathPlatforms#NATIVE_LIBRARY_PROPERTY}
	 * says, because the counters belong to the real TCP/IP stack), {@link #NONE}
	 * elsewhere. The operating system is told from {@code os.name}, so that no native
	 * code is touched off Windows.
	 * @return the source
	 */
	static FallbackCounterSource detect() {
		if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
			return NONE;
		}
		try {
			return PdhFallbackCounters.load();
		}
		catch (LinkageError ex) {
			// JNA itself missing or broken: the counters are diagnostics, never worth
			// a failure.
			return NONE;
		}
	}

}
