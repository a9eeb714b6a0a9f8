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

	private final boolean countsAccepted;

	private final LongAdder accepted = new LongAdder();

	FastPathListener(String component, String address, FastPathOutcome outcome, @Nullable String note,
			boolean countsAccepted) {
		this.component = component;
		this.address = address;
		this.outcome = outcome;
		this.note = note;
		this.countsAccepted = countsAccepted;
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
	 * Whether the starter sees this listener's accepted connections. It does not for
	 * listeners it could not hook (another protocol, a native transport): their count
	 * stays 0, which would be false, so the status shows none.
	 * @return whether {@link #acceptedConnections()} is a real count
	 */
	public boolean countsAcceptedConnections() {
		return this.countsAccepted;
	}

	/**
	 * Connections accepted so far. Connections from loopback peers inherit the listener's
	 * fast path setting.
	 * @return the count; always 0 where {@link #countsAcceptedConnections()} is
	 * {@code false}
	 */
	public long acceptedConnections() {
		return this.accepted.sum();
	}

}
