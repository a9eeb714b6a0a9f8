package io.github.loopbackfastpath.platform.windows;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import org.jspecify.annotations.Nullable;

/**
 * {@link PerformanceCounters} through {@code pdh.dll}: one query, opened on the first
 * read and kept until {@link #close()}, sampled on read at most once per
 * {@link #MIN_INTERVAL}.
 * <p>
 * A rate counter's value is computed from two samples, so one query has to live across
 * reads: a query opened per read would have only one sample, and its rate counters would
 * never be valid. Between samples the values of the last one are returned.
 */
final class PdhPerformanceCounters implements PerformanceCounters {

	/**
	 * The shortest time between two samples. PDH computes a rate over the time between
	 * them, and Microsoft recommends at least one second.
	 */
	static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

	private final Pdh pdh;

	private final LongSupplier nanoTime;

	private @Nullable Pointer query;

	private final Map<String, Pointer> counters = new LinkedHashMap<>();

	private Map<String, Long> lastValues = Map.of();

	private long lastSample;

	private boolean closed;

	PdhPerformanceCounters(Pdh pdh, LongSupplier nanoTime) {
		this.pdh = pdh;
		this.nanoTime = nanoTime;
	}

	/**
	 * Binds {@code pdh.dll}.
	 * @return the counters
	 * @throws LinkageError when the library cannot be loaded
	 */
	static PdhPerformanceCounters load() {
		return new PdhPerformanceCounters(Native.load("pdh", Pdh.class, WinApi.OPTIONS), System::nanoTime);
	}

	@Override
	public synchronized Map<String, Long> read(List<String> englishPaths) {
		if (this.closed) {
			return Map.of();
		}
		Pointer query = this.query;
		if (query == null) {
			query = open(englishPaths);
			if (query == null) {
				return Map.of();
			}
		}
		else if (this.nanoTime.getAsLong() - this.lastSample < MIN_INTERVAL.toNanos()) {
			return this.lastValues;
		}
		this.lastValues = sample(query);
		return this.lastValues;
	}

	private @Nullable Pointer open(List<String> englishPaths) {
		PointerByReference queryRef = new PointerByReference();
		if (this.pdh.PdhOpenQueryW(null, null, queryRef) != Pdh.ERROR_SUCCESS) {
			return null;
		}
		Pointer query = queryRef.getValue();
		for (String path : englishPaths) {
			PointerByReference counter = new PointerByReference();
			if (this.pdh.PdhAddEnglishCounterW(query, new WString(path), null, counter) == Pdh.ERROR_SUCCESS) {
				this.counters.put(path, counter.getValue());
			}
		}
		this.query = query;
		return query;
	}

	private Map<String, Long> sample(Pointer query) {
		this.lastSample = this.nanoTime.getAsLong();
		if (this.counters.isEmpty() || this.pdh.PdhCollectQueryData(query) != Pdh.ERROR_SUCCESS) {
			return Map.of();
		}
		Map<String, Long> values = new LinkedHashMap<>();
		try (Memory value = new Memory(Pdh.PDH_FMT_COUNTERVALUE_SIZE)) {
			this.counters.forEach((path, counter) -> {
				value.clear();
				// A rate counter after its first sample is reported invalid: left out
				// until the next.
				if (this.pdh.PdhGetFormattedCounterValue(counter, Pdh.PDH_FMT_LARGE, null, value) == Pdh.ERROR_SUCCESS
						&& isValid(value.getInt(0))) {
					values.put(path, value.getLong(Pdh.PDH_FMT_COUNTERVALUE_LARGE_OFFSET));
				}
			});
		}
		return Map.copyOf(values);
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		Pointer query = this.query;
		this.query = null;
		this.counters.clear();
		if (query != null) {
			this.pdh.PdhCloseQuery(query);
		}
	}

	private static boolean isValid(int status) {
		return status == Pdh.PDH_CSTATUS_VALID_DATA || status == Pdh.PDH_CSTATUS_NEW_DATA;
	}

}
