package io.github.loopbackfastpath.benchmarks.micro;

import java.nio.file.Path;
import java.util.Collection;

import io.github.loopbackfastpath.benchmarks.Settings;
import io.github.loopbackfastpath.benchmarks.report.BarChart;
import io.github.loopbackfastpath.benchmarks.report.Table;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link FastPathOfferBenchmark} and {@link JnaCallBenchmark} with JMH, in forked
 * JVMs that get the same flags an application needs, and writes {@code micro.csv} and
 * {@code micro.png}.
 */
public final class MicroSuite {

	private final Settings settings;

	private final String standInLibrary;

	/**
	 * Creates the suite.
	 * @param settings how long to measure
	 * @param standInLibrary the compiled stand-in library
	 */
	public MicroSuite(Settings settings, String standInLibrary) {
		this.settings = settings;
		this.standInLibrary = standInLibrary;
	}

	/**
	 * Runs the benchmarks.
	 * @param out the results directory
	 * @return the results, one row per benchmark and platform
	 * @throws Exception when JMH fails
	 */
	public Table run(Path out) throws Exception {
		TimeValue iteration = TimeValue.milliseconds(this.settings.jmhIterationMillis());
		Options options = new OptionsBuilder().include(FastPathOfferBenchmark.class.getName())
			.include(JnaCallBenchmark.class.getName())
			.forks(this.settings.jmhForks())
			.warmupIterations(this.settings.jmhWarmups())
			.warmupTime(iteration)
			.measurementIterations(this.settings.jmhIterations())
			.measurementTime(iteration)
			.jvmArgs("-Xms256m", "-Xmx256m", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
					"-D" + FastPathOfferBenchmark.STAND_IN_PROPERTY + "=" + this.standInLibrary)
			.shouldFailOnError(true)
			.build();
		Collection<RunResult> results = new Runner(options).run();
		Table table = new Table("benchmark", "platform", "ns_per_op", "error_ns", "forks", "iterations");
		BarChart chart = new BarChart("Per-connection cost of the fast-path offer (JMH, average time)",
				"ns per socket");
		for (RunResult result : results) {
			String benchmark = result.getParams().getBenchmark();
			benchmark = benchmark.substring(benchmark.lastIndexOf('.') + 1);
			String platform = result.getParams().getParam("platform");
			platform = (platform != null) ? platform : "stand-in";
			double score = result.getPrimaryResult().getScore();
			double error = result.getPrimaryResult().getScoreError();
			table.add(benchmark, platform, score, error, this.settings.jmhForks(), this.settings.jmhIterations());
			chart.bar(benchmark, platform, score);
		}
		table.write(out.resolve("micro.csv"));
		chart.write(out.resolve("micro.png"));
		return table;
	}

}
