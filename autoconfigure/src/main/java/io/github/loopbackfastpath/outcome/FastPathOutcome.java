package io.github.loopbackfastpath.outcome;

import io.github.loopbackfastpath.policy.SkipReason;
import org.jspecify.annotations.Nullable;

/**
 * What happened when one socket was offered the loopback fast path.
 *
 * @param result applied, failed or skipped
 * @param reason {@code null} when applied; the Winsock error (for example
 * {@code WSAEOPNOTSUPP (10045)}) or {@code handle-inaccessible} when failed; the
 * {@link SkipReason#key() skip reason} when skipped
 */
public record FastPathOutcome(Result result, @Nullable String reason) {

	/**
	 * Checks that a failed or skipped outcome says why, and an applied one does not: the
	 * status report counts each reason under its result.
	 * @param result applied, failed or skipped
	 * @param reason {@code null} exactly when applied
	 */
	public FastPathOutcome {
		if ((result == Result.APPLIED) != (reason == null)) {
			throw new IllegalArgumentException((result == Result.APPLIED) ? "An applied outcome takes no reason"
					: "A " + result.key() + " outcome needs a reason");
		}
	}

	/** Reason recorded when the socket's native handle could not be read. */
	public static final String HANDLE_INACCESSIBLE = "handle-inaccessible";

	private static final FastPathOutcome APPLIED = new FastPathOutcome(Result.APPLIED, null);

	/**
	 * The fast path was requested and the operating system accepted the request.
	 * @return the outcome
	 */
	public static FastPathOutcome applied() {
		return APPLIED;
	}

	/**
	 * The fast path was requested and the request failed; the connection goes on without
	 * it.
	 * @param reason the error name or {@link #HANDLE_INACCESSIBLE}
	 * @return the outcome
	 */
	public static FastPathOutcome failed(String reason) {
		return new FastPathOutcome(Result.FAILED, reason);
	}

	/**
	 * The fast path was not requested.
	 * @param reason why not
	 * @return the outcome
	 */
	public static FastPathOutcome skipped(SkipReason reason) {
		return new FastPathOutcome(Result.SKIPPED, reason.key());
	}

	/** The three kinds of outcome. */
	public enum Result {

		/** The operating system accepted the request. */
		APPLIED,

		/** The request failed; the socket works on the ordinary loopback path. */
		FAILED,

		/** No request was made. */
		SKIPPED;

		/**
		 * The name in the status report and in metric tags.
		 * @return {@code applied}, {@code failed} or {@code skipped}
		 */
		public String key() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
