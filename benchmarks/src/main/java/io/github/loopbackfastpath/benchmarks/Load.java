package io.github.loopbackfastpath.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * Bounded closed-loop load, timed with {@link System#nanoTime()}: every loop stops at its
 * time limit or its count limit, whichever comes first, so a run can never hang on a slow
 * machine. Latencies go into an HdrHistogram (three significant digits, up to a minute),
 * which keeps every percentile of a run in a few kilobytes whatever its length.
 */
public final class Load {

	private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

	private Load() {
	}

	/** One request or round trip; throws on any failure, which ends the run. */
	@FunctionalInterface
	public interface Call {

		/**
		 * Makes the call.
		 * @throws Exception when it fails
		 */
		void run() throws Exception;

	}

	/**
	 * What a run did.
	 *
	 * @param count how many calls completed
	 * @param nanos how long the run took
	 * @param latencies the latency of each call in nanoseconds
	 */
	public record Run(long count, long nanos, Histogram latencies) {

		/**
		 * Calls per second.
		 * @return the rate
		 */
		public double rate() {
			return this.count * 1e9 / this.nanos;
		}

		/**
		 * A latency percentile in microseconds.
		 * @param percentile between 0 and 100
		 * @return the latency, or {@code NaN} when nothing was recorded
		 */
		public double micros(double percentile) {
			return (this.latencies.getTotalCount() > 0) ? this.latencies.getValueAtPercentile(percentile) / 1e3
					: Double.NaN;
		}

	}

	/**
	 * A histogram for latencies in nanoseconds.
	 * @return an empty histogram
	 */
	public static Histogram histogram() {
		return new Histogram(HIGHEST_NANOS, 3);
	}

	/**
	 * Makes calls one after the other and times each.
	 * @param call the call
	 * @param millis the time limit
	 * @param maxCount the count limit
	 * @return the run
	 * @throws Exception when a call fails
	 */
	public static Run sequential(Call call, long millis, int maxCount) throws Exception {
		Histogram latencies = histogram();
		int count = 0;
		long start = System.nanoTime();
		long deadline = start + millis * 1_000_000L;
		long now = start;
		while (count < maxCount && now < deadline) {
			call.run();
			long end = System.nanoTime();
			latencies.recordValue(Math.min(end - now, HIGHEST_NANOS));
			count++;
			now = end;
		}
		return new Run(count, now - start, latencies);
	}

	/**
	 * Makes the calls of two clients in turn, one at a time, and times each into its
	 * client's histogram: both see the same moments of the machine, so that a ratio of
	 * their percentiles is not moved by load that came and went between two runs. The
	 * order alternates in pairs (A B, B A, A B, ...), so that neither is always the one
	 * that runs right after the other.
	 * @param first client A
	 * @param second client B
	 * @param millis the time limit
	 * @param maxCount the count limit of each client
	 * @return the runs of A and B, each with the time of the whole run
	 * @throws Exception when a call fails
	 */
	public static Run[] alternating(Call first, Call second, long millis, int maxCount) throws Exception {
		Histogram[] latencies = { histogram(), histogram() };
		Call[] calls = { first, second };
		int count = 0;
		long start = System.nanoTime();
		long deadline = start + millis * 1_000_000L;
		long now = start;
		while (count < maxCount && now < deadline) {
			for (int turn = 0; turn < 2; turn++) {
				int client = (count % 2 == 0) ? turn : 1 - turn;
				calls[client].run();
				long end = System.nanoTime();
				latencies[client].recordValue(Math.min(end - now, HIGHEST_NANOS));
				now = end;
			}
			count++;
		}
		long nanos = now - start;
		return new Run[] { new Run(count, nanos, latencies[0]), new Run(count, nanos, latencies[1]) };
	}

	/**
	 * Makes calls from several threads at once, each one after the other.
	 * @param call the call
	 * @param threads how many calls are in flight
	 * @param millis the time limit
	 * @param maxCount the count limit over all threads
	 * @return the run
	 * @throws Exception when a call fails
	 */
	public static Run concurrent(Call call, int threads, long millis, int maxCount) throws Exception {
		AtomicLong count = new AtomicLong();
		Exception[] failure = new Exception[1];
		Thread[] workers = new Thread[threads];
		Histogram[] latencies = new Histogram[threads];
		long start = System.nanoTime();
		long deadline = start + millis * 1_000_000L;
		for (int i = 0; i < threads; i++) {
			Histogram histogram = histogram();
			latencies[i] = histogram;
			workers[i] = new Thread(() -> {
				try {
					long now = System.nanoTime();
					while (now < deadline && count.get() < maxCount) {
						call.run();
						long end = System.nanoTime();
						histogram.recordValue(Math.min(end - now, HIGHEST_NANOS));
						count.incrementAndGet();
						now = end;
					}
				}
				catch (Exception ex) {
					synchronized (failure) {
						failure[0] = ex;
					}
				}
			}, "load-" + i);
			workers[i].start();
		}
		for (Thread worker : workers) {
			worker.join(millis + 30_000);
		}
		long nanos = System.nanoTime() - start;
		synchronized (failure) {
			if (failure[0] != null) {
				throw failure[0];
			}
		}
		Histogram all = histogram();
		for (Histogram histogram : latencies) {
			all.add(histogram);
		}
		return new Run(count.get(), nanos, all);
	}

}
