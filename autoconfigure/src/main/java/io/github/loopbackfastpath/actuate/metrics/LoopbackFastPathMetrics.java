package io.github.loopbackfastpath.actuate.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.outcome.FastPathOutcome;
import io.github.loopbackfastpath.outcome.FastPathOutcome.Result;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.outcome.FastPathOutcomes.OutcomeObserver;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Binds the loopback fast path outcomes to Micrometer:
 * <ul>
 * <li>{@value #SOCKETS}, a counter per {@code component}, {@code outcome}
 * ({@code applied}, {@code failed}, {@code skipped}) and {@code reason} (the failure or
 * skip reason, {@code none} when applied);</li>
 * <li>{@value #LISTENERS}, a gauge per {@code outcome} of the server listening sockets
 * open now.</li>
 * </ul>
 * The counters are {@link FunctionCounter function counters} that read the same
 * {@link ComponentStats} as the {@code loopback} endpoint, so the two always agree,
 * whenever the binder is bound: sockets recorded before {@link #bindTo(MeterRegistry)} (a
 * server listener bound early in startup, for example) are counted, and nothing is
 * counted twice. An {@link OutcomeObserver} is used only to register the counter of a tag
 * combination the first time it occurs; it adds a set lookup per socket and nothing else.
 */
public final class LoopbackFastPathMetrics implements MeterBinder, AutoCloseable {

	/** Name of the socket counter. */
	public static final String SOCKETS = "loopback.fastpath.sockets";

	/** Name of the listener gauge. */
	public static final String LISTENERS = "loopback.fastpath.listeners";

	/** The {@code reason} tag of applied outcomes. */
	public static final String NO_REASON = "none";

	private final FastPathOutcomes outcomes;

	private final List<SocketCounters> bound = new CopyOnWriteArrayList<>();

	/**
	 * Creates the binder.
	 * @param outcomes the outcomes to expose
	 */
	public LoopbackFastPathMetrics(FastPathOutcomes outcomes) {
		this.outcomes = outcomes;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		SocketCounters counters = new SocketCounters(registry, this.outcomes);
		// Observe first, then register what is already there: a socket recorded in
		// between is registered by one or both paths, which is harmless because
		// registration is idempotent.
		this.outcomes.addObserver(counters);
		this.bound.add(counters);
		this.outcomes.components().forEach(counters::registerExisting);
		for (Result result : Result.values()) {
			Gauge.builder(LISTENERS, this.outcomes, (outcomes) -> listeners(outcomes, result))
				.tag("outcome", result.key())
				.description("Server listening sockets open now, by fast path outcome")
				.register(registry);
		}
	}

	/**
	 * Stops observing outcomes: the record can outlive the registries this binder was
	 * bound to (an application's own {@code FastPathOutcomes}, or one shared by several
	 * contexts), and must not keep them reachable. Counters already registered stay.
	 */
	@Override
	public void close() {
		for (SocketCounters counters : this.bound) {
			this.outcomes.removeObserver(counters);
		}
		this.bound.clear();
	}

	private static double listeners(FastPathOutcomes outcomes, Result result) {
		return outcomes.listeners().stream().filter((listener) -> listener.outcome().result() == result).count();
	}

	private static final class SocketCounters implements OutcomeObserver {

		private final MeterRegistry registry;

		private final FastPathOutcomes outcomes;

		private final Set<Key> registered = ConcurrentHashMap.newKeySet();

		SocketCounters(MeterRegistry registry, FastPathOutcomes outcomes) {
			this.registry = registry;
			this.outcomes = outcomes;
		}

		@Override
		public void onOutcome(String component, FastPathOutcome outcome) {
			// The capped reason, so that ever new reasons cannot register ever
			// new meters.
			register(new Key(component, outcome.result(), this.outcomes.stats(component).reportedReason(outcome)));
		}

		void registerExisting(String component, ComponentStats stats) {
			if (stats.applied() > 0) {
				register(new Key(component, Result.APPLIED, null));
			}
			stats.failures().keySet().forEach((reason) -> register(new Key(component, Result.FAILED, reason)));
			stats.skips().keySet().forEach((reason) -> register(new Key(component, Result.SKIPPED, reason)));
		}

		private void register(Key key) {
			if (this.registered.add(key)) {
				ComponentStats stats = this.outcomes.stats(key.component());
				FunctionCounter.builder(SOCKETS, stats, key::count)
					.tag("component", key.component())
					.tag("outcome", key.result().key())
					.tag("reason", (key.reason() != null) ? key.reason() : NO_REASON)
					.description("Sockets offered the loopback fast path, by outcome")
					.register(this.registry);
			}
		}

	}

	private record Key(String component, Result result, @Nullable String reason) {

		double count(ComponentStats stats) {
			return switch (this.result) {
				case APPLIED -> stats.applied();
				case FAILED -> (this.reason != null) ? stats.failures().getOrDefault(this.reason, 0L) : 0;
				case SKIPPED -> (this.reason != null) ? stats.skips().getOrDefault(this.reason, 0L) : 0;
			};
		}

	}

}
