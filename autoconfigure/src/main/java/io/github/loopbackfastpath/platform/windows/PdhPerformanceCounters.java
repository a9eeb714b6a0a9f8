package io.github.loopbackfastpath.platform.windows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;

/**
 * {@link PerformanceCounters} through {@code pdh.dll}: one query per read, opened, sampled
 * once and closed again.
 */
final class PdhPerformanceCounters implements PerformanceCounters {

	private final Pdh pdh;

	private PdhPerformanceCounters(Pdh pdh) {
		this.pdh = pdh;
	}

	/**
	 * Binds {@code pdh.dll}.
	 * @return the counters
	 * @throws LinkageError when the library cannot be loaded
	 */
	static PdhPerformanceCounters load() {
		return new PdhPerformanceCounters(Native.load("pdh", Pdh.class, WinApi.OPTIONS));
	}

	@Override
	public Map<String, Long> read(List<String> englishPaths) {
		PointerByReference queryRef = new PointerByReference();
		if (this.pdh.PdhOpenQueryW(null, null, queryRef) != Pdh.ERROR_SUCCESS) {
			return Map.of();
		}
		Pointer query = queryRef.getValue();
		try {
			Map<String, Pointer> counters = new LinkedHashMap<>();
			for (String path : englishPaths) {
				PointerByReference counter = new PointerByReference();
				if (this.pdh.PdhAddEnglishCounterW(query, new WString(path), null, counter) == Pdh.ERROR_SUCCESS) {
					counters.put(path, counter.getValue());
				}
			}
			if (counters.isEmpty() || this.pdh.PdhCollectQueryData(query) != Pdh.ERROR_SUCCESS) {
				return Map.of();
			}
			Map<String, Long> values = new LinkedHashMap<>();
			try (Memory value = new Memory(Pdh.PDH_FMT_COUNTERVALUE_SIZE)) {
				counters.forEach((path, counter) -> {
					value.clear();
					if (this.pdh.PdhGetFormattedCounterValue(counter, Pdh.PDH_FMT_LARGE, null,
							value) == Pdh.ERROR_SUCCESS && isValid(value.getInt(0))) {
						values.put(path, value.getLong(Pdh.PDH_FMT_COUNTERVALUE_LARGE_OFFSET));
					}
				});
			}
			return values;
		}
		finally {
			this.pdh.PdhCloseQuery(query);
		}
	}

	private static boolean isValid(int status) {
		return status == Pdh.PDH_CSTATUS_VALID_DATA || status == Pdh.PDH_CSTATUS_NEW_DATA;
	}

}
