package io.github.loopbackfastpath.outcome;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * Counts of outcomes for one component (for example {@code tomcat} or {@code webclient}).
 * Updates are lock-free; reads are a consistent-enough snapshot for a status report.
 */
public final class ComponentStats {

	/**
	 * How many destination ports get their own counts. Ports past this many are counted
	 * in the totals only, so that a client that talks to many ports cannot grow the
	 * report without bound.
	 */
	public static final int MAX_DESTINATION_PORTS = 64;

	/**
	 * How many distinct failure reasons, and skip reasons, get their own count. Reasons
	 * past this many are counted under {@link #OTHER_REASONS}: a provider returning ever
	 * new error codes cannot grow the report (or the metrics) without bound.
	 */
	public static final int MAX_REASONS = 32;

	/**
	 * The reason under which failures or skips past {@link #MAX_REASONS} reasons are
	 * counted.
	 */
	public static final String OTHER_REASONS = "other";

	private final OutcomeCounts totals = new OutcomeCounts();

	private final ConcurrentMap<String, LongAdder> failures = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, LongAdder> skips = new ConcurrentHashMap<>();

	private final ConcurrentMap<Integer, OutcomeCounts> destinations = new ConcurrentHashMap<>();

	private volatile @Nullable String notCovered;

	/**
	 * Records one socket's outcome.
	 * @param outcome the outcome
	 * @param destinationPort the loopback destination port, or 0 for a listener or a
	 * destination that is not loopback
	 */
	void record(FastPathOutcome outcome, int destinationPort) {
		this.totals.record(outcome.result());
		// FastPathOutcome gives failed and skipped outcomes a reason, and applied
		// ones none.
		String reason = outcome.reason();
		if (reason != null) {
			increment((outcome.result() == FastPathOutcome.Result.FAILED) ? this.failures : this.skips, reason);
		}
		if (destinationPort > 0) {
			OutcomeCounts counts = this.destinations.get(destinationPort);
			if (counts == null && this.destinations.size() < MAX_DESTINATION_PORTS) {
				// Concurrent first sockets to new ports may pass the check together: the
				// cap can be passed by at most the number of connecting threads, which is
				// still a bound.
				counts = this.destinations.computeIfAbsent(destinationPort, (port) -> new OutcomeCounts());
			}
			if (counts != null) {
				counts.record(outcome.result());
			}
		}
	}

	void notCovered(String reason) {
		this.notCovered = reason;
	}

	/**
	 * Why the starter cannot hook this component's sockets, if it cannot.
	 * @return the reason with what to use instead, or {@code null} when the component is
	 * covered
	 */
	public @Nullable String notCovered() {
		return this.notCovered;
	}

	private static void increment(ConcurrentMap<String, LongAdder> counts, String reason) {
		LongAdder count = counts.get(reason);
		if (count == null) {
			// As for ports, concurrent first outcomes may pass the check together: still
			// a bound.
			String key = (counts.size() < MAX_REASONS) ? reason : OTHER_REASONS;
			count = counts.computeIfAbsent(key, (k) -> new LongAdder());
		}
		count.increment();
	}

	/**
	 * The reason an outcome is counted under: its own, or {@link #OTHER_REASONS} once
	 * {@link #MAX_REASONS} others have their own count.
	 * @param outcome an outcome recorded before
	 * @return the reason in {@link #failures()} or {@link #skips()}, or {@code null} for
	 * an applied outcome
	 */
	public @Nullable String reportedReason(FastPathOutcome outcome) {
		if (outcome.result() == FastPathOutcome.Result.APPLIED) {
			return null;
		}
		Map<String, LongAdder> counts = (outcome.result() == FastPathOutcome.Result.FAILED) ? this.failures
				: this.skips;
		String reason = outcome.reason();
		return (reason != null && counts.containsKey(reason)) ? reason : OTHER_REASONS;
	}

	/**
	 * Sockets that got the fast path.
	 * @return the count
	 */
	public long applied() {
		return this.totals.applied();
	}

	/**
	 * Sockets whose request failed.
	 * @return the count
	 */
	public long failed() {
		return this.totals.failed();
	}

	/**
	 * Sockets that made no request.
	 * @return the count
	 */
	public long skipped() {
		return this.totals.skipped();
	}

	/**
	 * Failures by Winsock error name or reason, the first {@value #MAX_REASONS} reasons
	 * each on its own, later ones under {@value #OTHER_REASONS}.
	 * @return counts, sorted by reason
	 */
	public Map<String, Long> failures() {
		return snapshot(this.failures);
	}

	/**
	 * Skips by reason, the first {@value #MAX_REASONS} reasons each on its own, later
	 * ones under {@value #OTHER_REASONS}.
	 * @return counts, sorted by reason
	 */
	public Map<String, Long> skips() {
		return snapshot(this.skips);
	}

	/**
	 * Outcomes by loopback destination port, for client components: the first
	 * {@value #MAX_DESTINATION_PORTS} ports seen; later ones count in the totals only.
	 * @return counts per port, sorted by port
	 */
	public Map<Integer, OutcomeCounts> destinations() {
		return new TreeMap<>(this.destinations);
	}

	private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
		Map<String, Long> snapshot = new TreeMap<>();
		counts.forEach((key, count) -> snapshot.put(key, count.sum()));
		return snapshot;
	}

	/**
	 * Applied, failed and skipped counts: a component's totals, or one destination
	 * port's.
	 */
	public static final class OutcomeCounts {

		private final LongAdder applied = new LongAdder();

		private final LongAdder failed = new LongAdder();

		private final LongAdder skipped = new LongAdder();

		void record(FastPathOutcome.Result result) {
			switch (result) {
				case APPLIED -> this.applied.increment();
				case FAILED -> this.failed.increment();
				case SKIPPED -> this.skipped.increment();
			}
		}

		/**
		 * Sockets that got the fast path.
		 * @return the count
		 */
		public long applied() {
			return this.applied.sum();
		}

		/**
		 * Sockets whose request failed.
		 * @return the count
		 */
		public long failed() {
			return this.failed.sum();
		}

		/**
		 * Sockets that made no request.
		 * @return the count
		 */
		public long skipped() {
			return this.skipped.sum();
		}

	}

}
