package io.github.loopbackfastpath.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.github.loopbackfastpath.benchmarks.endtoend.EndToEndSuite;
import io.github.loopbackfastpath.benchmarks.endtoend.UnixSuite;
import io.github.loopbackfastpath.benchmarks.floor.PingPongSuite;
import io.github.loopbackfastpath.benchmarks.micro.MicroSuite;
import io.github.loopbackfastpath.benchmarks.report.Table;

/**
 * Runs every benchmark and writes CSV files and PNG plots into one directory:
 * {@code BenchmarkMain --quick|--full --out DIR [--suites micro,floor,e2e,unix] [--unix-rounds N]}
 * ({@code --unix-rounds}: the {@code unix} suite's rounds instead of the mode's, to
 * narrow its intervals; {@code 0} keeps the mode's). Started by the {@code benchmarks}
 * Maven profile (see {@code docs/benchmarks/README.md}); the JVM needs
 * {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED},
 * {@code -Dreactor.netty.native=false} (the NIO transport, which is what Windows runs and
 * what the starter hooks) and {@code -Dbenchmarks.standin=<path of libwsastandin.so>}.
 * <p>
 * Exits non-zero only when something crashes; a missed target is a figure, not a failure.
 */
public final class BenchmarkMain {

	private BenchmarkMain() {
	}

	/**
	 * Runs the benchmarks.
	 * @param args {@code --quick} or {@code --full}, {@code --out DIR}, and optionally
	 * {@code --suites} and {@code --unix-rounds}
	 * @throws Exception when a benchmark crashes
	 */
	public static void main(String[] args) throws Exception {
		Settings settings = Settings.QUICK;
		Path out = Path.of("benchmark-results");
		List<String> suites = List.of("micro", "floor", "e2e", "unix");
		int unixRounds = 0;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--quick" -> settings = Settings.QUICK;
				case "--full" -> settings = Settings.FULL;
				case "--out" -> out = Path.of(args[++i]);
				case "--suites" -> suites = Arrays.asList(args[++i].split(","));
				case "--unix-rounds" -> unixRounds = Integer.parseInt(args[++i]);
				default -> throw new IllegalArgumentException("Unknown argument " + args[i]
						+ "; expected --quick|--full [--out DIR] [--suites micro,floor,e2e,unix] [--unix-rounds N]");
			}
		}
		String standIn = System.getProperty("benchmarks.standin");
		if (standIn == null || !Files.isRegularFile(Path.of(standIn))) {
			throw new IllegalStateException(
					"-Dbenchmarks.standin must name the compiled stand-in library, got " + standIn);
		}
		Files.createDirectories(out);
		Instant start = Instant.now();
		String loadBefore = loadAverage();
		System.out.println("Benchmarks (" + settings.name() + ") writing to " + out.toAbsolutePath());
		if (suites.contains("micro")) {
			new MicroSuite(settings, standIn).run(out);
		}
		if (suites.contains("floor")) {
			new PingPongSuite(settings).run(out);
		}
		if (suites.contains("e2e")) {
			new EndToEndSuite(settings, standIn).run(out);
		}
		if (suites.contains("unix")) {
			new UnixSuite((unixRounds > 0) ? settings.withRounds(unixRounds) : settings).run(out);
		}
		Duration took = Duration.between(start, Instant.now());
		Table machine = machine(settings, took);
		machine.add("suites", String.join(" ", suites));
		machine.add("unix_rounds", (unixRounds > 0) ? unixRounds : settings.rounds());
		machine.add("load_average_start", loadBefore);
		machine.add("load_average_end", loadAverage());
		machine.write(out.resolve("machine.csv"));
		System.out.printf("Benchmarks (%s) finished in %d s; results in %s%n", settings.name(), took.toSeconds(),
				out.toAbsolutePath());
		// Reactor Netty and Tomcat leave non-daemon threads behind for a moment
		// after close.
		System.exit(0);
	}

	private static Table machine(Settings settings, Duration took) {
		Table machine = new Table("key", "value");
		machine.add("mode", settings.name());
		machine.add("cores", Runtime.getRuntime().availableProcessors());
		machine.add("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch"));
		machine.add("cpu", cpuModel());
		machine.add("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
				+ System.getProperty("java.runtime.version"));
		machine.add("jvm_args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())
			.replaceAll("-Dbenchmarks.standin=\\S+", "-Dbenchmarks.standin=<libwsastandin.so>"));
		machine.add("reactor_netty_native", System.getProperty("reactor.netty.native", "unset"));
		machine.add("run_seconds", took.toSeconds());
		machine.add("finished", Instant.now().toString());
		return machine;
	}

	/** The 1, 5 and 15 minute load averages, so that a run on a busy machine says so. */
	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (Exception ex) {
			return "unknown";
		}
	}

	private static String cpuModel() {
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
			return lines.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).strip())
				.findFirst()
				.orElse("unknown");
		}
		catch (Exception ex) {
			return "unknown";
		}
	}

}
