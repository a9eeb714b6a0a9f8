package io.github.loopbackfastpath.benchmarks;

/**
 * How long each part of a run takes: {@code quick} is the CI smoke test (its figures are
 * only a sign of life), {@code full} produces the figures in {@code docs/benchmarks}.
 *
 * @param name {@code quick} or {@code full}
 * @param jmhForks JMH forks per benchmark
 * @param jmhWarmups JMH warm-up iterations
 * @param jmhIterations JMH measurement iterations
 * @param jmhIterationMillis length of one JMH iteration
 * @param rounds interleaved rounds of the end-to-end and floor measurements: the
 * confidence intervals of the ratios rest on them, so more short rounds beat fewer long
 * ones
 * @param runMillis length of one measured run inside a round
 * @param warmupMillis length of the unmeasured warm-up run of each configuration
 * @param maxCount count limit of one run
 * @param uploadMebibytes size of one upload of the {@code unix} suite, in MiB
 */
public record Settings(String name, int jmhForks, int jmhWarmups, int jmhIterations, int jmhIterationMillis, int rounds,
		int runMillis, int warmupMillis, int maxCount, int uploadMebibytes) {

	/**
	 * The CI smoke test: the whole harness in well under a minute of measuring; uploads
	 * of 16 MiB, a quarter of the figures' size, so that a slow route cannot stretch it.
	 */
	public static final Settings QUICK = new Settings("quick", 1, 1, 2, 400, 2, 150, 200, 200_000, 16);

	/** The figures for the docs. */
	public static final Settings FULL = new Settings("full", 2, 3, 5, 1000, 12, 300, 1000, 2_000_000, 64);

	/**
	 * The size of one upload.
	 * @return bytes
	 */
	public int uploadBytes() {
		return this.uploadMebibytes << 20;
	}

	/**
	 * The same settings with another number of rounds: more rounds narrow the intervals
	 * (roughly with their square root) at the cost of time.
	 * @param rounds the interleaved rounds
	 * @return the settings
	 */
	public Settings withRounds(int rounds) {
		return new Settings(this.name, this.jmhForks, this.jmhWarmups, this.jmhIterations, this.jmhIterationMillis,
				rounds, this.runMillis, this.warmupMillis, this.maxCount, this.uploadMebibytes);
	}

}
