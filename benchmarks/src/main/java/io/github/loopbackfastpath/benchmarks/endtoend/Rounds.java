package io.github.loopbackfastpath.benchmarks.endtoend;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.github.loopbackfastpath.benchmarks.report.Bootstrap;

/**
 * The runs of every configuration, round by round, so that two configurations can be
 * compared on the rounds in which both were measured back to back.
 *
 * @param <K> what identifies a configuration
 */
final class Rounds<K> {

	private final int rounds;

	private final Map<K, Measured[]> runs = new LinkedHashMap<>();

	Rounds(int rounds) {
		this.rounds = rounds;
	}

	void put(K key, int round, Measured measured) {
		this.runs.computeIfAbsent(key, (k) -> new Measured[this.rounds])[round - 1] = measured;
	}

	boolean has(K key) {
		return this.runs.containsKey(key);
	}

	/**
	 * A figure of each round.
	 * @param key the configuration
	 * @param figure the figure of a run
	 * @return one value per round, {@code NaN} where the round has no run
	 */
	double[] values(K key, ToDoubleFunction<Measured> figure) {
		Measured[] measured = this.runs.get(key);
		return Arrays.stream(measured)
			.mapToDouble((run) -> (run != null) ? figure.applyAsDouble(run) : Double.NaN)
			.toArray();
	}

	/**
	 * The median of a figure over rounds, which one disturbed round cannot move.
	 * @param key the configuration
	 * @param figure the figure of a run
	 * @return the median
	 */
	double median(K key, ToDoubleFunction<Measured> figure) {
		double[] values = Arrays.stream(values(key, figure)).filter(Double::isFinite).sorted().toArray();
		if (values.length == 0) {
			return Double.NaN;
		}
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	/**
	 * The sum of a count over rounds.
	 * @param key the configuration
	 * @param figure the count of a run
	 * @return the sum
	 */
	long sum(K key, ToDoubleFunction<Measured> figure) {
		return (long) Arrays.stream(values(key, figure)).filter(Double::isFinite).sum();
	}

	/**
	 * The ratio of a figure between two configurations, with its confidence interval.
	 * @param numerator configuration A
	 * @param denominator configuration B
	 * @param figure the figure of a run
	 * @return A / B
	 */
	Bootstrap.Interval ratio(K numerator, K denominator, ToDoubleFunction<Measured> figure) {
		return Bootstrap.ratio(values(numerator, figure), values(denominator, figure));
	}

}
