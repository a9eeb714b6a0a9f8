package io.github.loopbackfastpath.platform.windows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PDH query's life cycle, through a fake of {@code pdh.dll} that behaves as PDH does:
 * a rate counter is invalid until its query has two samples.
 */
class PdhPerformanceCountersTests {

	private static final String RAW = "\\TCPIP Performance Diagnostics\\Raw";

	private static final String RATE = "\\TCPIP Performance Diagnostics\\Rate/sec";

	private static final String MISSING = "\\TCPIP Performance Diagnostics\\Missing";

	private static final long SECOND = PdhPerformanceCounters.MIN_INTERVAL.toNanos();

	private final FakePdh pdh = new FakePdh();

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final PdhPerformanceCounters counters = new PdhPerformanceCounters(this.pdh, this.now::get);

	@Test
	void oneQueryServesEveryReadAndItsCountersAreAddedOnce() {
		for (int i = 0; i < 3; i++) {
			this.counters.read(List.of(RAW, RATE));
			this.now.addAndGet(SECOND);
		}
		assertThat(this.pdh.opened).isEqualTo(1);
		assertThat(this.pdh.added).containsExactly(RAW, RATE);
		assertThat(this.pdh.collected).isEqualTo(3);
		assertThat(this.pdh.closed).isZero();
	}

	@Test
	void rateCounterIsLeftOutAfterOneSampleAndReadAfterTwo() {
		assertThat(this.counters.read(List.of(RAW, RATE))).containsExactly(Map.entry(RAW, 41L));
		this.now.addAndGet(SECOND);
		assertThat(this.counters.read(List.of(RAW, RATE))).containsOnly(Map.entry(RAW, 42L), Map.entry(RATE, 7L));
	}

	@Test
	void readsWithinTheMinimumIntervalReturnTheLastSampleWithoutCollecting() {
		this.counters.read(List.of(RAW));
		this.now.addAndGet(SECOND / 2);
		assertThat(this.counters.read(List.of(RAW))).containsExactly(Map.entry(RAW, 41L));
		assertThat(this.pdh.collected).isEqualTo(1);
		this.now.addAndGet(SECOND / 2);
		assertThat(this.counters.read(List.of(RAW))).containsExactly(Map.entry(RAW, 42L));
		assertThat(this.pdh.collected).isEqualTo(2);
	}

	@Test
	void counterThatDoesNotExistIsLeftOut() {
		assertThat(this.counters.read(List.of(MISSING, RAW))).containsOnlyKeys(RAW);
		assertThat(this.pdh.added).containsExactly(RAW);
	}

	@Test
	void closeClosesTheQueryOnceAndNothingIsReadAfterwards() {
		this.counters.read(List.of(RAW));
		this.counters.close();
		this.counters.close();
		this.now.addAndGet(SECOND);
		assertThat(this.counters.read(List.of(RAW))).isEmpty();
		assertThat(this.pdh.closed).isEqualTo(1);
		assertThat(this.pdh.opened).isEqualTo(1);
	}

	@Test
	void closeWithoutAReadOpensNothing() {
		this.counters.close();
		assertThat(this.pdh.opened).isZero();
		assertThat(this.pdh.closed).isZero();
	}

	@Test
	void fallbackCountersTakeTheirFirstSampleAtLoadAndCloseTheQuery() {
		PdhFallbackCounters fallback = new PdhFallbackCounters(this.counters, List.of("Raw", "Rate/sec"));
		assertThat(fallback.read()).containsExactly(Map.entry("Raw", 41L));
		this.now.addAndGet(SECOND);
		assertThat(fallback.read()).containsOnly(Map.entry("Raw", 42L), Map.entry("Rate/sec", 7L));
		fallback.close();
		assertThat(this.pdh.closed).isEqualTo(1);
		assertThat(fallback.read()).isNull();
	}

	/**
	 * {@code pdh.dll} as far as the reader uses it. The raw counter counts its samples
	 * from 41; the rate counter has {@code PDH_CSTATUS_INVALID_DATA} until the second
	 * sample.
	 */
	static final class FakePdh implements Pdh {

		private static final int PDH_CSTATUS_NO_COUNTER = 0xC0000BB9;

		private static final int PDH_CSTATUS_INVALID_DATA = 0xC0000BBA;

		private static final int PDH_INVALID_DATA = 0xC0000BC6;

		private static final Pointer QUERY = new Pointer(0x1000);

		int opened;

		int collected;

		int closed;

		final List<String> added = new ArrayList<>();

		private final Map<Long, String> handles = new HashMap<>();

		@Override
		public int PdhOpenQueryW(@Nullable WString szDataSource, @Nullable Pointer dwUserData,
				PointerByReference phQuery) {
			this.opened++;
			phQuery.setValue(QUERY);
			return ERROR_SUCCESS;
		}

		@Override
		public int PdhAddEnglishCounterW(Pointer hQuery, WString szFullCounterPath, @Nullable Pointer dwUserData,
				PointerByReference phCounter) {
			String path = szFullCounterPath.toString();
			if (!hQuery.equals(QUERY) || path.equals(MISSING)) {
				return PDH_CSTATUS_NO_COUNTER;
			}
			this.added.add(path);
			long handle = 0x2000 + this.added.size();
			this.handles.put(handle, path);
			phCounter.setValue(new Pointer(handle));
			return ERROR_SUCCESS;
		}

		@Override
		public int PdhCollectQueryData(Pointer hQuery) {
			this.collected++;
			return ERROR_SUCCESS;
		}

		@Override
		public int PdhGetFormattedCounterValue(Pointer hCounter, int dwFormat, @Nullable Pointer lpdwType,
				Pointer pValue) {
			String path = this.handles.get(Pointer.nativeValue(hCounter));
			if (RATE.equals(path) && this.collected < 2) {
				pValue.setInt(0, PDH_CSTATUS_INVALID_DATA);
				return PDH_INVALID_DATA;
			}
			pValue.setInt(0, PDH_CSTATUS_NEW_DATA);
			pValue.setLong(PDH_FMT_COUNTERVALUE_LARGE_OFFSET, RAW.equals(path) ? 40L + this.collected : 7L);
			return ERROR_SUCCESS;
		}

		@Override
		public int PdhCloseQuery(Pointer hQuery) {
			this.closed++;
			return ERROR_SUCCESS;
		}

	}

}
