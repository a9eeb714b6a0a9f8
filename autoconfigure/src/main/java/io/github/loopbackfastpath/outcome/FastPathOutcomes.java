package io.github.loopbackfastpath.outcome;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.loopbackfastpath.policy.LoopbackPolicy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Where every outcome is recorded: counts per component, the server listeners, and the
 * last few failures. Thread-safe; recording an outcome is a few lock-free counter
 * updates, plus a short lock only for failures.
 */
public final class FastPathOutcomes {

	private static final Log logger = LogFactory.getLog(FastPathOutcomes.class);

	/** How many recent failures are kept for the status report. */
	public static final int RECENT_FAILURES = 20;

	private final ConcurrentMap<String, ComponentStats> components = new ConcurrentHashMap<>();

	private final List<FastPathListener> listeners = new CopyOnWriteArrayList<>();

	private final Deque<RecentFailure> recentFailures = new ArrayDeque<>();

	private final List<OutcomeObserver> observers = new CopyOnWriteArrayList<>();

	private final Clock clock;

	private final Set<Class<?>> failedObservers = ConcurrentHashMap.newKeySet();

	/**
	 * Creates an empty record using the system clock.
	 */
	public FastPathOutcomes() {
		this(Clock.systemUTC());
	}

	FastPathOutcomes(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Records an outcome.
	 * @param component the component that made the socket
	 * @param address the destination (clients) or requested bind address (listeners)
	 * @param outcome the outcome
	 * @param client whether the socket is a client socket, whose destination port is
	 * recorded when the destination is loopback (the ports of other hosts say nothing
	 * about the fast path and would only grow the report)
	 */
	public void record(String component, @Nullable SocketAddress address, FastPathOutcome outcome, boolean client) {
		int port = (client && address instanceof InetSocketAddress inet && !inet.isUnresolved()
				&& LoopbackPolicy.isLoopback(inet.getAddress())) ? inet.getPort() : 0;
		stats(component).record(outcome, port);
		if (outcome.result() == FastPathOutcome.Result.FAILED) {
			RecentFailure failure = new RecentFailure(this.clock.instant(), component, describe(address),
					outcome.reason());
			synchronized (this.recentFailures) {
				if (this.recentFailures.size() == RECENT_FAILURES) {
					this.recentFailures.removeFirst();
				}
				this.recentFailures.addLast(failure);
			}
		}
		for (OutcomeObserver observer : this.observers) {
			try {
				observer.onOutcome(component, outcome);
			}
			catch (RuntimeException ex) {
				// Recording runs on the connecting thread: an observer must never fail
				// a connection.
				if (this.failedObservers.add(observer.getClass()) && logger.isWarnEnabled()) {
					logger.warn("Loopback fast path outcome observer " + observer.getClass().getName() + " failed", ex);
				}
			}
		}
	}

	/**
	 * Records that a component exists but its sockets cannot be hooked.
	 * @param component the component
	 * @param reason why, and what to use instead
	 */
	public void notCovered(String component, String reason) {
		stats(component).notCovered(reason);
	}

	/**
	 * Makes a component appear in the report with zero counts, before its first socket.
	 * @param component the component
	 * @return its counts
	 */
	public ComponentStats stats(String component) {
		return this.components.computeIfAbsent(component, (name) -> new ComponentStats());
	}

	/**
	 * Adds a listening socket to the report.
	 * @param component the server component
	 * @param bound the address the socket is bound to
	 * @param outcome what happened when it was offered the fast path
	 * @param note anything else a reader should know, or {@code null}
	 * @return the listener, to count accepted connections on
	 */
	public FastPathListener addListener(String component, @Nullable SocketAddress bound, FastPathOutcome outcome,
			@Nullable String note) {
		return add(new FastPathListener(component, describe(bound), outcome, note, true));
	}

	/**
	 * Adds a listening socket that the starter did not hook to the report: it does not
	 * see the connections it accepts, so none are counted.
	 * @param component the server component
	 * @param bound the address the socket is bound to
	 * @param outcome why it was not offered the fast path
	 * @param note anything else a reader should know, or {@code null}
	 * @return the listener, to remove when it is closed
	 */
	public FastPathListener addUnhookedListener(String component, @Nullable SocketAddress bound,
			FastPathOutcome outcome, @Nullable String note) {
		return add(new FastPathListener(component, describe(bound), outcome, note, false));
	}

	private FastPathListener add(FastPathListener listener) {
		this.listeners.add(listener);
		return listener;
	}

	/**
	 * Removes a listener whose socket was closed.
	 * @param listener the listener
	 */
	public void removeListener(FastPathListener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * Registers an observer that sees every outcome as it is recorded (metrics, for
	 * example).
	 * @param observer the observer; it must be fast and must not throw
	 */
	public void addObserver(OutcomeObserver observer) {
		this.observers.add(observer);
	}

	/**
	 * Removes an observer, so that it sees no more outcomes and can be collected.
	 * @param observer an observer added before
	 */
	public void removeObserver(OutcomeObserver observer) {
		this.observers.remove(observer);
	}

	/**
	 * Counts per component.
	 * @return the components, sorted by name
	 */
	public Map<String, ComponentStats> components() {
		return new TreeMap<>(this.components);
	}

	/**
	 * The listening sockets currently open.
	 * @return the listeners in the order they were bound
	 */
	public List<FastPathListener> listeners() {
		return List.copyOf(this.listeners);
	}

	/**
	 * The most recent failures, oldest first.
	 * @return at most {@value #RECENT_FAILURES} failures
	 */
	public List<RecentFailure> recentFailures() {
		synchronized (this.recentFailures) {
			return new ArrayList<>(this.recentFailures);
		}
	}

	/**
	 * Formats an address for the report: {@code 127.0.0.1:8080}, {@code [::1]:8080}.
	 * @param address the address
	 * @return its text, {@code *} for the wildcard
	 */
	public static String describe(@Nullable SocketAddress address) {
		if (address == null) {
			return "*";
		}
		if (address instanceof InetSocketAddress inet) {
			if (inet.isUnresolved()) {
				return inet.getHostString() + ":" + inet.getPort();
			}
			String host = inet.getAddress().getHostAddress();
			return (host.indexOf(':') >= 0) ? "[" + host + "]:" + inet.getPort() : host + ":" + inet.getPort();
		}
		return address.toString();
	}

	/**
	 * One failed fast-path request.
	 *
	 * @param time when it happened
	 * @param component the component that made the socket
	 * @param address the destination or bind address
	 * @param reason the Winsock error or other reason
	 */
	public record RecentFailure(Instant time, String component, String address, @Nullable String reason) {
	}

	/** Sees outcomes as they are recorded. */
	@FunctionalInterface
	public interface OutcomeObserver {

		/**
		 * Called once per recorded outcome, on the thread that recorded it.
		 * @param component the component
		 * @param outcome the outcome
		 */
		void onOutcome(String component, FastPathOutcome outcome);

	}

}
