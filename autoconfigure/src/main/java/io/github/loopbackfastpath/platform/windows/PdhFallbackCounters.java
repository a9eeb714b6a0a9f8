package io.github.loopbackfastpath.platform.windows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.loopbackfastpath.platform.FallbackCounterSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads the loopback fast path fallback counters of Windows' "TCPIP Performance
 * Diagnostics" counter set.
 * <p>
 * <strong>The counter names are not confirmed.</strong> Microsoft does not document this
 * set; the names in {@link #COUNTER_NAMES} come from third-party code that reads the set
 * through WMI. A name that does not exist on the running Windows build is left out of the
 * result, and when none exists the result is {@code null}, so a wrong name shows as "not
 * available", never as a wrong number. Check the names on a given machine with
 * {@code typeperf -q "TCPIP Performance Diagnostics"}.
 */
public final class PdhFallbackCounters implements FallbackCounterSource {

	/** The counter set. */
	public static final String COUNTER_SET = "TCPIP Performance Diagnostics";

	/**
	 * The counters read, by name within {@link #COUNTER_SET} (unconfirmed, see above).
	 */
	public static final List<String> COUNTER_NAMES = List.of("TCP connect requests fallen off loopback fast path");

	private final PerformanceCounters counters;

	private final List<String> names;

	/**
	 * Creates a reader.
	 * @param counters the counter API
	 * @param names the counter names to read within {@link #COUNTER_SET}
	 */
	public PdhFallbackCounters(PerformanceCounters counters, List<String> names) {
		this.counters = counters;
		this.names = List.copyOf(names);
	}

	/**
	 * Binds {@code pdh.dll}, opens the query for {@link #COUNTER_NAMES} and takes its
	 * first sample, so that rate counters have two samples by the first report.
	 * @return the source, to be closed at shutdown; {@link FallbackCounterSource#NONE}
	 * when {@code pdh.dll} cannot be loaded
	 */
	public static FallbackCounterSource load() {
		PdhFallbackCounters counters;
		try {
			counters = new PdhFallbackCounters(PdhPerformanceCounters.load(), COUNTER_NAMES);
		}
		catch (LinkageError ex) {
			return NONE;
		}
		counters.read();
		return counters;
	}

	@Override
	public @Nullable Map<String, Long> read() {
		List<String> paths = this.names.stream().map(PdhFallbackCounters::path).toList();
		Map<String, Long> byPath;
		try {
			byPath = this.counters.read(paths);
		}
		catch (RuntimeException | LinkageError ex) {
			// The status report must never fail because a diagnostic counter could not
			// be read.
			return null;
		}
		Map<String, Long> byName = new LinkedHashMap<>();
		for (String name : this.names) {
			Long value = byPath.get(path(name));
			if (value != null) {
				byName.put(name, value);
			}
		}
		return byName.isEmpty() ? null : byName;
	}

	@Override
	public void close() {
		try {
			this.counters.close();
		}
		catch (RuntimeException | LinkageError ex) {
			// Shutdown goes on: the process is about to release the query anyway.
		}
	}

	/**
	 * The English counter path of a counter in {@link #COUNTER_SET}.
	 * @param name the counter name
	 * @return for example {@code \TCPIP Performance Diagnostics\<name>}
	 */
	static String path(String name) {
		return "\\" + COUNTER_SET + "\\" + name;
	}

}
