package io.github.loopbackfastpath.platform.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.loopbackfastpath.platform.FallbackCounterSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mapping from counter paths to the status report, through a fake of the counter API.
 */
class PdhFallbackCountersTests {

	private static final String CONNECTS = "TCP connect requests fallen off loopback fast path";

	private static final String OTHER = "Another loopback counter";

	@Test
	void asksForEnglishPathsInTheDiagnosticsSetAndReportsByName() {
		List<String> asked = new ArrayList<>();
		PerformanceCounters counters = (paths) -> {
			asked.addAll(paths);
			return Map.of("\\TCPIP Performance Diagnostics\\" + CONNECTS, 7L,
					"\\TCPIP Performance Diagnostics\\" + OTHER, 0L);
		};
		Map<String, Long> values = new PdhFallbackCounters(counters, List.of(CONNECTS, OTHER)).read();
		assertThat(asked).containsExactly("\\TCPIP Performance Diagnostics\\" + CONNECTS,
				"\\TCPIP Performance Diagnostics\\" + OTHER);
		assertThat(values).containsExactly(Map.entry(CONNECTS, 7L), Map.entry(OTHER, 0L));
	}

	@Test
	void leavesOutCountersThatDoNotExist() {
		PerformanceCounters counters = (paths) -> Map.of("\\TCPIP Performance Diagnostics\\" + OTHER, 3L);
		assertThat(new PdhFallbackCounters(counters, List.of(CONNECTS, OTHER)).read())
			.containsExactly(Map.entry(OTHER, 3L));
	}

	@Test
	void isNullWhenNoCounterExists() {
		assertThat(new PdhFallbackCounters((paths) -> Map.of(), PdhFallbackCounters.COUNTER_NAMES).read()).isNull();
	}

	@Test
	void isNullWhenTheCounterApiFails() {
		PerformanceCounters broken = (paths) -> {
			throw new UnsatisfiedLinkError("pdh");
		};
		assertThat(new PdhFallbackCounters(broken, PdhFallbackCounters.COUNTER_NAMES).read()).isNull();
	}

	@Test
	@DisabledOnOs(OS.WINDOWS)
	void offWindowsThereIsNothingToRead() {
		assertThat(FallbackCounterSource.detect()).isSameAs(FallbackCounterSource.NONE);
		assertThat(FallbackCounterSource.detect().read()).isNull();
	}

}
