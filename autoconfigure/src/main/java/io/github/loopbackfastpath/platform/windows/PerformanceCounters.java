package io.github.loopbackfastpath.platform.windows;

import java.util.List;
import java.util.Map;

/**
 * Reads Windows performance counters by their English path. The seam between
 * {@link PdhFallbackCounters} and {@code pdh.dll}: {@link PdhPerformanceCounters} implements it
 * with the native calls, tests with a fake.
 */
public interface PerformanceCounters {

	/**
	 * Reads each counter once.
	 * @param englishPaths full counter paths, for example
	 * {@code \TCPIP Performance Diagnostics\<counter name>}
	 * @return the values of the counters that exist and could be read, keyed by path; the
	 * others are left out
	 */
	Map<String, Long> read(List<String> englishPaths);

}
