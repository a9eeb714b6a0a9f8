package io.github.loopbackfastpath.outcome;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.loopbackfastpath.actuate.metrics.LoopbackFastPathMetrics;
import io.github.loopbackfastpath.platform.windows.WinsockError;
import io.github.loopbackfastpath.policy.SkipReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the traffic, the record of outcomes stays bounded: a million sockets to every
 * loopback port, failing with thousands of different error codes, leave the same
 * structures, holding the same number of entries, as the first few thousand did.
 * <p>
 * What is retained is counted in entries of the bounded structures (ports, reasons,
 * recent failures, meters), not read from the heap after {@code System.gc()}: a heap
 * figure depends on the collector and its timing, and {@code -XX:+DisableExplicitGC}
 * turns the request off.
 */
class BoundedMemoryTests {

	private static final List<String> COMPONENTS = List.of("webclient", "restclient", "resttemplate");

	private static final SkipReason[] SKIPS = SkipReason.values();

	private final FastPathOutcomes outcomes = new FastPathOutcomes();

	@Test
	void aMillionSocketsAcrossEveryPortAndErrorCodeKeepTheRecordBounded() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (LoopbackFastPathMetrics metrics = new LoopbackFastPathMetrics(this.outcomes)) {
			metrics.bindTo(registry);
			// Reaches every cap: ports, failure reasons, skip reasons, recent failures.
			offer(0, 200_000);
			Map<String, Integer> retainedAtCaps = retainedEntries(registry);
			offer(200_000, 1_000_000);

			long total = 0;
			for (String component : COMPONENTS) {
				ComponentStats stats = this.outcomes.stats(component);
				total += stats.applied() + stats.failed() + stats.skipped();
				assertThat(stats.destinations()).hasSize(ComponentStats.MAX_DESTINATION_PORTS);
				assertThat(stats.failures()).hasSize(ComponentStats.MAX_REASONS + 1)
					.containsKey(ComponentStats.OTHER_REASONS);
				assertThat(stats.failures().values().stream().mapToLong(Long::longValue).sum())
					.isEqualTo(stats.failed());
				assertThat(stats.skips().size()).isLessThanOrEqualTo(ComponentStats.MAX_REASONS + 1);
			}
			assertThat(total).as("every socket counted in the totals").isEqualTo(1_000_000);
			assertThat(this.outcomes.recentFailures()).hasSize(FastPathOutcomes.RECENT_FAILURES);
			assertThat(retainedEntries(registry)).as("entries retained after 800,000 more sockets")
				.isEqualTo(retainedAtCaps);
		}
	}

	/**
	 * Sockets {@code from} to {@code to}: every port, a third each applied, failed,
	 * skipped.
	 */
	private void offer(int from, int to) {
		InetAddress loopback = InetAddress.getLoopbackAddress();
		for (int i = from; i < to; i++) {
			int port = 1 + i % 65_535;
			String component = COMPONENTS.get(i % COMPONENTS.size());
			FastPathOutcome outcome = switch ((i / 3) % 3) {
				case 0 -> FastPathOutcome.applied();
				// Thousands of distinct codes, as from a provider that misbehaves in ever
				// new ways.
				case 1 -> FastPathOutcome.failed(WinsockError.describe(20_000 + i % 5_000));
				default -> FastPathOutcome.skipped(SKIPS[i % SKIPS.length]);
			};
			this.outcomes.record(component, new InetSocketAddress(loopback, port), outcome, true);
		}
	}

	/**
	 * Entries held by every structure that grows with traffic, by structure: what the
	 * record retains beyond its fixed-size counters.
	 */
	private Map<String, Integer> retainedEntries(SimpleMeterRegistry registry) {
		Map<String, Integer> entries = new TreeMap<>();
		this.outcomes.components().forEach((component, stats) -> {
			entries.put(component + " ports", stats.destinations().size());
			entries.put(component + " failure reasons", stats.failures().size());
			entries.put(component + " skip reasons", stats.skips().size());
		});
		entries.put("components", this.outcomes.components().size());
		entries.put("listeners", this.outcomes.listeners().size());
		entries.put("recent failures", this.outcomes.recentFailures().size());
		entries.put("meters", registry.getMeters().size());
		return entries;
	}

}
