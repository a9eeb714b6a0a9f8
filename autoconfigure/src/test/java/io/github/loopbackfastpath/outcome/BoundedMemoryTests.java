package io.github.loopbackfastpath.outcome;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import io.github.loopbackfastpath.actuate.metrics.LoopbackFastPathMetrics;
import io.github.loopbackfastpath.platform.windows.WinsockError;
import io.github.loopbackfastpath.policy.SkipReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the traffic, the record of outcomes stays bounded: a million sockets to every
 * loopback port, failing with thousands of different error codes, leave the same
 * structures and the same retained heap as the first few thousand did.
 */
class BoundedMemoryTests {

	private static final List<String> COMPONENTS = List.of("webclient", "restclient", "resttemplate");

	private static final SkipReason[] SKIPS = SkipReason.values();

	/**
	 * Retained heap that a million sockets may add once the caps are reached. Without the
	 * port cap alone, the 65,535 ports' counters of one component would retain about 10
	 * MB.
	 */
	private static final long ALLOWED_GROWTH = 4L * 1024 * 1024;

	private final FastPathOutcomes outcomes = new FastPathOutcomes();

	@Test
	void aMillionSocketsAcrossEveryPortAndErrorCodeKeepTheRecordBounded() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (LoopbackFastPathMetrics metrics = new LoopbackFastPathMetrics(this.outcomes)) {
			metrics.bindTo(registry);
			// Reaches every cap: ports, failure reasons, skip reasons, recent failures.
			offer(0, 200_000);
			int metersAtCaps = registry.getMeters().size();
			long retainedAtCaps = retainedHeap();
			offer(200_000, 1_000_000);
			long growth = retainedHeap() - retainedAtCaps;

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
			assertThat(registry.getMeters()).as("meters after the caps were reached").hasSize(metersAtCaps);
			assertThat(growth).as("retained heap added by 800,000 more sockets").isLessThan(ALLOWED_GROWTH);
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

	private static long retainedHeap() {
		// Several collections: the first may leave objects that only a later one frees.
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
