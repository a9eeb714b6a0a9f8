package io.github.loopbackfastpath.benchmarks.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Confidence intervals of a ratio between two configurations measured in the same rounds.
 * Each round gives one ratio (this round's figure of A over this round's figure of B,
 * measured back to back, so that a slow moment of the machine cancels out); the estimate
 * is the geometric mean of the round ratios, and its 95% interval the percentile
 * bootstrap over rounds: rounds are drawn with replacement {@value #RESAMPLES} times. The
 * seed is fixed so that the same rounds always give the same interval.
 */
public final class Bootstrap {

	/** Resamples per interval. */
	static final int RESAMPLES = 10_000;

	/**
	 * Fewest rounds for a verdict: with fewer, a resample can only be one of a handful of
	 * means, and the interval says little (quick mode's two rounds are a sign of life).
	 */
	static final int MIN_ROUNDS = 6;

	private Bootstrap() {
	}

	/**
	 * A ratio and its 95% confidence interval.
	 *
	 * @param ratio the estimate
	 * @param low the low end of the interval
	 * @param high the high end of the interval
	 * @param rounds how many rounds it rests on
	 */
	public record Interval(double ratio, double low, double high, int rounds) {

		/**
		 * Whether the interval lies on the good side of a target.
		 * @param target the target
		 * @param atMost whether the ratio should be at most the target (latency, cost) or
		 * at least (rates)
		 * @return {@code met} when the whole interval is on the good side, {@code missed}
		 * when the whole interval is on the bad side, {@code unresolved} when it
		 * straddles the target, {@code too few rounds} below {@value #MIN_ROUNDS} rounds
		 */
		public String verdict(double target, boolean atMost) {
			return verdict(target, atMost, Double.POSITIVE_INFINITY);
		}

		/**
		 * Whether the interval lies on the good side of a target and is narrow enough to
		 * price the difference: a target of 1.02 says little when its interval is ±10 %.
		 * @param target the target
		 * @param atMost whether the ratio should be at most the target or at least
		 * @param maxHalfWidth the widest {@link #halfWidth()} a {@code met} may have
		 * ({@code 0.03} for ±3 %)
		 * @return as {@link #verdict(double, boolean)}, except that an interval on the
		 * good side but wider than {@code maxHalfWidth} is
		 * {@code unresolved (interval too
		 * wide ...)}, with its width and an estimate of the rounds that would narrow it
		 * enough; {@code missed} needs no width: the whole interval is on the bad side
		 */
		public String verdict(double target, boolean atMost, double maxHalfWidth) {
			if (this.rounds < MIN_ROUNDS) {
				return "too few rounds";
			}
			if (atMost ? this.low > target : this.high < target) {
				return "missed";
			}
			double halfWidth = halfWidth();
			if (halfWidth > maxHalfWidth) {
				// An interval narrows with the square root of the rounds.
				long needed = (long) Math.ceil(this.rounds * Math.pow(halfWidth / maxHalfWidth, 2));
				return String.format(Locale.ROOT,
						"unresolved (interval too wide: ±%.1f %% > ±%.0f %%; about %d rounds)", halfWidth * 100,
						maxHalfWidth * 100, needed);
			}
			if (atMost ? this.high <= target : this.low >= target) {
				return "met";
			}
			return "unresolved";
		}

		/**
		 * How far the interval reaches from the estimate, relative to it: {@code 0.03}
		 * when both ends lie within 3 % of the ratio.
		 * @return the larger of the two relative distances, {@code NaN} without rounds
		 */
		public double halfWidth() {
			return Math.max(this.high - this.ratio, this.ratio - this.low) / this.ratio;
		}

	}

	/**
	 * The ratio of paired figures.
	 * @param numerators the figure of A in each round
	 * @param denominators the figure of B in the same rounds
	 * @return the ratio A / B with its interval; {@code NaN} when there is no round with
	 * both
	 */
	public static Interval ratio(double[] numerators, double[] denominators) {
		if (numerators.length != denominators.length) {
			throw new IllegalArgumentException("Unpaired rounds: " + numerators.length + " and " + denominators.length);
		}
		double[] logs = logRatios(numerators, denominators);
		if (logs.length == 0) {
			return new Interval(Double.NaN, Double.NaN, Double.NaN, 0);
		}
		SplittableRandom random = new SplittableRandom(14);
		double[] means = new double[RESAMPLES];
		for (int i = 0; i < RESAMPLES; i++) {
			double sum = 0;
			for (int j = 0; j < logs.length; j++) {
				sum += logs[random.nextInt(logs.length)];
			}
			means[i] = sum / logs.length;
		}
		Arrays.sort(means);
		return new Interval(Math.exp(mean(logs)), Math.exp(means[(int) (RESAMPLES * 0.025)]),
				Math.exp(means[(int) (RESAMPLES * 0.975) - 1]), logs.length);
	}

	private static double[] logRatios(double[] numerators, double[] denominators) {
		return IntStream.range(0, numerators.length)
			.filter((i) -> numerators[i] > 0 && denominators[i] > 0 && Double.isFinite(numerators[i])
					&& Double.isFinite(denominators[i]))
			.mapToDouble((i) -> Math.log(numerators[i] / denominators[i]))
			.toArray();
	}

	private static double mean(double[] values) {
		double sum = 0;
		for (double value : values) {
			sum += value;
		}
		return sum / values.length;
	}

}
