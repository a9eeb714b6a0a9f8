package io.github.loopbackfastpath.benchmarks.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * The confidence intervals the benchmark ratios are judged by: paired rounds, geometric
 * mean, percentile bootstrap, and the verdict against a target.
 */
class BootstrapTests {

	@Test
	void aSlowdownThatHitsBothSidesOfARoundCancelsOut() {
		// The machine is twice as slow in round 2 and three times in round 4; A is 0.8 of
		// B in
		// every round, so the ratio and its whole interval are 0.8.
		double[] b = { 100, 200, 150, 300 };
		double[] a = { 80, 160, 120, 240 };
		Bootstrap.Interval interval = Bootstrap.ratio(a, b);
		assertThat(interval.ratio()).isCloseTo(0.8, within(1e-9));
		assertThat(interval.low()).isCloseTo(0.8, within(1e-9));
		assertThat(interval.high()).isCloseTo(0.8, within(1e-9));
		assertThat(interval.rounds()).isEqualTo(4);
	}

	@Test
	void theEstimateIsTheGeometricMeanOfTheRoundRatiosAndLiesInsideItsInterval() {
		double[] b = { 100, 100, 100, 100 };
		double[] a = { 50, 200, 100, 100 };
		Bootstrap.Interval interval = Bootstrap.ratio(a, b);
		// 0.5 and 2 cancel in the geometric mean; an arithmetic mean of ratios would
		// say 1.125.
		assertThat(interval.ratio()).isCloseTo(1.0, within(1e-9));
		assertThat(interval.low()).isLessThan(interval.ratio());
		assertThat(interval.high()).isGreaterThan(interval.ratio());
	}

	@Test
	void moreRoundsWithTheSameSpreadGiveANarrowerInterval() {
		double[] pattern = { 0.95, 1.05, 0.97, 1.03 };
		Bootstrap.Interval few = Bootstrap.ratio(pattern, new double[] { 1, 1, 1, 1 });
		double[] many = new double[40];
		double[] ones = new double[40];
		for (int i = 0; i < many.length; i++) {
			many[i] = pattern[i % pattern.length];
			ones[i] = 1;
		}
		Bootstrap.Interval more = Bootstrap.ratio(many, ones);
		assertThat(more.high() - more.low()).isLessThan((few.high() - few.low()) / 2);
		assertThat(more.low()).isLessThan(1.0);
		assertThat(more.high()).isGreaterThan(1.0);
	}

	@Test
	void theSameRoundsAlwaysGiveTheSameInterval() {
		double[] a = { 0.9, 1.1, 0.8, 1.2, 1.0 };
		double[] b = { 1, 1, 1, 1, 1 };
		assertThat(Bootstrap.ratio(a, b)).isEqualTo(Bootstrap.ratio(a, b));
	}

	@Test
	void roundsWithoutBothFiguresAreLeftOut() {
		Bootstrap.Interval interval = Bootstrap.ratio(new double[] { 1, Double.NaN, 2, 3 },
				new double[] { 2, 4, 0, 6 });
		assertThat(interval.rounds()).isEqualTo(2);
		assertThat(interval.ratio()).isCloseTo(0.5, within(1e-9));
		assertThat(Bootstrap.ratio(new double[] { Double.NaN }, new double[] { 1 }).ratio()).isNaN();
	}

	@Test
	void unpairedRoundsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> Bootstrap.ratio(new double[2], new double[3]))
			.withMessageContaining("Unpaired");
	}

	@Test
	void aTargetIsMetOnlyWhenTheWholeIntervalIsOnItsGoodSide() {
		assertThat(new Bootstrap.Interval(0.75, 0.70, 0.79, 10).verdict(0.80, true)).isEqualTo("met");
		assertThat(new Bootstrap.Interval(0.78, 0.70, 0.85, 10).verdict(0.80, true)).isEqualTo("unresolved");
		assertThat(new Bootstrap.Interval(0.90, 0.81, 0.95, 10).verdict(0.80, true)).isEqualTo("missed");
		assertThat(new Bootstrap.Interval(1.40, 1.31, 1.50, 10).verdict(1.30, false)).isEqualTo("met");
		assertThat(new Bootstrap.Interval(1.32, 1.25, 1.40, 10).verdict(1.30, false)).isEqualTo("unresolved");
		assertThat(new Bootstrap.Interval(1.10, 1.00, 1.20, 10).verdict(1.30, false)).isEqualTo("missed");
	}

	@Test
	void aFewRoundsGiveNoVerdict() {
		assertThat(new Bootstrap.Interval(0.75, 0.70, 0.79, Bootstrap.MIN_ROUNDS - 1).verdict(0.80, true))
			.isEqualTo("too few rounds");
		assertThat(new Bootstrap.Interval(0.75, 0.70, 0.79, Bootstrap.MIN_ROUNDS).verdict(0.80, true)).isEqualTo("met");
	}

	@Test
	void aTargetWithAPrecisionIsMetOnlyByANarrowEnoughInterval() {
		Bootstrap.Interval narrow = new Bootstrap.Interval(0.99, 0.97, 1.01, 12);
		Bootstrap.Interval wide = new Bootstrap.Interval(0.95, 0.88, 1.01, 12);
		assertThat(narrow.halfWidth()).isCloseTo(0.0202, within(1e-4));
		assertThat(narrow.verdict(1.02, true, 0.03)).isEqualTo("met");
		// Wholly below the target, but ±7.4 %: a 2 % cost could hide in it.
		assertThat(wide.verdict(1.02, true)).isEqualTo("met");
		assertThat(wide.verdict(1.02, true, 0.03))
			.isEqualTo("unresolved (interval too wide: ±7.4 % > ±3 %; about 73 rounds)");
		assertThat(new Bootstrap.Interval(1.10, 1.03, 1.20, 12).verdict(1.02, true, 0.03)).isEqualTo("missed");
		assertThat(new Bootstrap.Interval(1.01, 0.99, 1.03, 12).verdict(1.02, true, 0.03)).isEqualTo("unresolved");
		assertThat(narrow.verdict(1.02, true, 0.01)).startsWith("unresolved (interval too wide");
	}

}
