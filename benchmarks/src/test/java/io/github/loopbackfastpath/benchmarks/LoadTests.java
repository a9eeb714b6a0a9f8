package io.github.loopbackfastpath.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The paired run of {@link Load#alternating}: each client's calls in its own histogram,
 * the order alternating in pairs, bounded by its count.
 */
class LoadTests {

	@Test
	void alternatingRunsTheTwoClientsInTurnsThatSwapOrderEachPair() throws Exception {
		List<String> order = new ArrayList<>();
		Load.Run[] runs = Load.alternating(() -> order.add("a"), () -> order.add("b"), 60_000, 3);
		assertThat(order).containsExactly("a", "b", "b", "a", "a", "b");
		assertThat(runs).hasSize(2);
		assertThat(runs[0].count()).isEqualTo(3);
		assertThat(runs[0].latencies().getTotalCount()).isEqualTo(3);
		assertThat(runs[1].latencies().getTotalCount()).isEqualTo(3);
	}

	@Test
	void alternatingTimesEachClientIntoItsOwnHistogram() throws Exception {
		// One client blocks on a short park, the other returns at once: the medians must
		// tell them apart, whichever runs first in a pair.
		Load.Run[] runs = Load.alternating(() -> {
			long until = System.nanoTime() + 2_000_000;
			while (System.nanoTime() < until) {
				Thread.onSpinWait();
			}
		}, () -> {
		}, 60_000, 20);
		assertThat(runs[0].micros(50)).isGreaterThanOrEqualTo(2_000);
		assertThat(runs[1].micros(50)).isLessThan(2_000);
	}

	@Test
	void alternatingStopsAtTheFirstFailure() {
		List<String> calls = new ArrayList<>();
		assertThatIllegalStateException().isThrownBy(() -> Load.alternating(() -> calls.add("a"), () -> {
			throw new IllegalStateException("refused");
		}, 60_000, 10)).withMessage("refused");
		assertThat(calls).containsExactly("a");
	}

}
