package io.github.loopbackfastpath.outcome;

import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * One server listening socket and what happened when it was offered the fast path.
 */
public final class FastPathListener {

	private final String component;

	private final String address;

	private final FastPathOutcome outcome;

	private final @Nullable String note;

	private final LongAdder accepted = new LongAdder();

	FastPathListener(String component, String address, FastPathOutcome outcome, @Nullable String note) {
		this.component = component;
		this.address = address;
		this.outcome = outcome;
		this.note = note;
	}

	/**
	 * Counts accepted connections.
	 * @param connections how many were accepted
	 */
	public void accepted(int connections) {
		this.accepted.add(connections);
	}

	/**
	 * The component that owns the listener.
	 * @return for example {@code tomcat}
	 */
	public String component() {
		return this.component;
	}

	/**
	 * The address the listener is bound to.
	 * @return for example {@code 127.0.0.1:8080}
	 */
	public String address() {
		return this.address;
	}

	/**
	 * What happened when the listener was offered the fast path.
	 * @return the outcome
	 */
	public FastPathOutcome outcome() {
		return this.outcome;
	}

	/**
	 * Anything else a reader should know about this listener.
	 * @return a sentence, or {@code null}
	 */
	public @Nullable String note() {
		return this.note;
	}

	/**
	 * Connections accepted so far. Connections from loopback peers inherit the listener's fast
	 * path setting.
	 * @return the count
	 */
	public long acceptedConnections() {
		return this.accepted.sum();
	}

}
