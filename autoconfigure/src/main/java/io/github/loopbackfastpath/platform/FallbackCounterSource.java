package io.github.loopbackfastpath.platform;

import java.util.Map;

import com.sun.jna.Platform;
import io.github.loopbackfastpath.platform.windows.PdhFallbackCounters;
import org.jspecify.annotations.Nullable;

/**
 * The operating system's own count of connections that fell off the loopback fast path. Only
 * Windows keeps one (in the "TCPIP Performance Diagnostics" counter set); everywhere else
 * there is nothing to read.
 */
@FunctionalInterface
public interface FallbackCounterSource {

	/** The source for platforms without such counters. */
	FallbackCounterSource NONE = () -> null;

	/**
	 * Reads the counters now.
	 * @return counter values by counter name, or {@code null} when the counters are not
	 * available here
	 */
	@Nullable Map<String, Long> read();

	/**
	 * Chooses the source for the running operating system: the Windows performance counters
	 * on Windows (whatever {@link FastPathPlatforms#NATIVE_LIBRARY_PROPERTY} says, because the
	 * counters belong to the real TCP/IP stack), {@link #NONE} elsewhere.
	 * @return the source
	 */
	static FallbackCounterSource detect() {
		return Platform.isWindows() ? PdhFallbackCounters.load() : NONE;
	}

}
