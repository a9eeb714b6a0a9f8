package io.github.loopbackfastpath.platform.windows;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.loopbackfastpath.platform.FallbackCounterSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The mapping from counter paths to the status report, through a fake of the counter API,
 * and the choice of source by operating system.
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
	void closeReleasesTheCounters() {
		AtomicBoolean closed = new AtomicBoolean();
		PerformanceCounters counters = new PerformanceCounters() {

			@Override
			public Map<String, Long> read(List<String> englishPaths) {
				return closed.get() ? Map.of() : Map.of(PdhFallbackCounters.path(CONNECTS), 1L);
			}

			@Override
			public void close() {
				closed.set(true);
			}

		};
		PdhFallbackCounters source = new PdhFallbackCounters(counters, List.of(CONNECTS));
		assertThat(source.read()).containsExactly(Map.entry(CONNECTS, 1L));
		source.close();
		assertThat(closed).isTrue();
		assertThat(source.read()).isNull();
	}

	@Test
	@DisabledOnOs(OS.WINDOWS)
	void offWindowsThereIsNothingToRead() {
		assertThat(FallbackCounterSource.detect()).isSameAs(FallbackCounterSource.NONE);
		assertThat(FallbackCounterSource.detect().read()).isNull();
	}

	@Test
	@DisabledOnOs(OS.WINDOWS)
	void offWindowsDetectingNeedsNoJna() throws Exception {
		// Only this module's classes, without JNA: off Windows, choosing the source must
		// not touch it.
		URL classes = FallbackCounterSource.class.getProtectionDomain().getCodeSource().getLocation();
		try (URLClassLoader loader = new URLClassLoader(new URL[] { classes }, ClassLoader.getPlatformClassLoader())) {
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> loader.loadClass("com.sun.jna.Platform"));
			Class<?> source = loader.loadClass(FallbackCounterSource.class.getName());
			Object none = source.getField("NONE").get(null);
			assertThat(source.getMethod("detect").invoke(null)).isSameAs(none);
		}
	}

}
