package io.github.loopbackfastpath.benchmarks;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounded closed-loop load, timed with {@link System#nanoTime()}: every loop stops at its time
 * limit or its count limit, whichever comes first, so a run can never hang on a slow machine.
 */
public final class Load {

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
	 * @param latencies the latency of each call in nanoseconds, sorted; empty for concurrent runs
	 */
	public record Run(long count, long nanos, long[] latencies) {

		/**
		 * Calls per second.
		 * @return the rate
		 */
		public double rate() {
			return this.count * 1e9 / this.nanos;
		}

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
		long[] latencies = new long[maxCount];
		int count = 0;
		long start = System.nanoTime();
		long deadline = start + millis * 1_000_000L;
		long now = start;
		while (count < maxCount && now < deadline) {
			call.run();
			long end = System.nanoTime();
			latencies[count++] = end - now;
			now = end;
		}
		long[] done = Arrays.copyOf(latencies, count);
		Arrays.sort(done);
		return new Run(count, now - start, done);
	}

	/**
	 * Makes calls from several threads at once, each one after the other.
	 * @param call the call
	 * @param threads how many calls are in flight
	 * @param millis the time limit
	 * @param maxCount the count limit over all threads
	 * @return the run, without latencies
	 * @throws Exception when a call fails
	 */
	public static Run concurrent(Call call, int threads, long millis, int maxCount) throws Exception {
		AtomicLong count = new AtomicLong();
		Exception[] failure = new Exception[1];
		Thread[] workers = new Thread[threads];
		long start = System.nanoTime();
		long deadline = start + millis * 1_000_000L;
		for (int i = 0; i < threads; i++) {
			workers[i] = new Thread(() -> {
				try {
					while (System.nanoTime() < deadline && count.get() < maxCount) {
						call.run();
						count.incrementAndGet();
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
		return new Run(count.get(), nanos, new long[0]);
	}

	/**
	 * A percentile of sorted values, by the nearest-rank method.
	 * @param sorted the values, sorted
	 * @param percentile between 0 and 100
	 * @return the value, or {@code NaN} when there are none
	 */
	public static double percentile(long[] sorted, double percentile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(percentile / 100 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	/**
	 * Merges sorted runs' latencies.
	 * @param runs the latencies of each run
	 * @return all of them, sorted
	 */
	public static long[] merge(Iterable<long[]> runs) {
		long[] all = new long[0];
		for (long[] run : runs) {
			int at = all.length;
			all = Arrays.copyOf(all, at + run.length);
			System.arraycopy(run, 0, all, at, run.length);
		}
		Arrays.sort(all);
		return all;
	}

}
