package io.github.loopbackfastpath.unix;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;

/**
 * The connections one socket refused because of their peer: counted, and each named in
 * the log, at WARN for the first {@value #MAX_WARNED_PEERS} distinct peers and at DEBUG
 * after, so that a squatter that is retried in a loop cannot flood the log.
 */
final class PeerRejections {

	/** How many distinct refused peers are named at WARN; later ones at DEBUG. */
	static final int MAX_WARNED_PEERS = 8;

	private final Log logger;

	private final LongAdder count = new LongAdder();

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	PeerRejections(Log logger) {
		this.logger = logger;
	}

	/**
	 * Counts a refused connection and logs why.
	 * @param peer the peer, as it is named in the message
	 * @param message what the log says
	 */
	void record(String peer, String message) {
		this.count.increment();
		if (this.warned.size() < MAX_WARNED_PEERS && this.warned.add(peer)) {
			if (this.logger.isWarnEnabled()) {
				this.logger.warn(message);
			}
		}
		else if (this.logger.isDebugEnabled()) {
			this.logger.debug(message);
		}
	}

	long count() {
		return this.count.sum();
	}

}
