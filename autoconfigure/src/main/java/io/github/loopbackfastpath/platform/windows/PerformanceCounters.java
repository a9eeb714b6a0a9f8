package io.github.loopbackfastpath.platform.windows;

import java.util.List;
import java.util.Map;

/**
 * Reads Windows performance counters by their English path. The seam between
 * {@link PdhFallbackCounters} and {@code pdh.dll}: {@link PdhPerformanceCounters}
 * implements it with the native calls, tests with a fake.
 */
public interface PerformanceCounters extends AutoCloseable {

	/**
	 * Reads the counters. An implementation may return the values of a recent sample
	 * instead of taking a new one.
	 * @param englishPaths full counter paths, for example
	 * {@code \TCPIP Performance Diagnostics\<counter name>}; the same on every call
	 * @return the values of the counters that exist and could be read, keyed by path; the
	 * others are left out
	 */
	Map<String, Long> read(List<String> englishPaths);

	/**
	 * Releases the native query, if one is open; nothing is read afterwards.
	 */
	@Override
	default void close() {
	}

}
