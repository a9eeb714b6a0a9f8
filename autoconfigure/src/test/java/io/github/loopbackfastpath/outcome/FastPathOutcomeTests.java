package io.github.loopbackfastpath.outcome;

import io.github.loopbackfastpath.outcome.FastPathOutcome.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link FastPathOutcome}: a reason exactly for failed and skipped outcomes,
 * which is what {@link ComponentStats} counts them by.
 */
class FastPathOutcomeTests {

	@Test
	void failedAndSkippedOutcomesNeedAReason() {
		assertThatIllegalArgumentException().isThrownBy(() -> new FastPathOutcome(Result.FAILED, null))
			.withMessage("A failed outcome needs a reason");
		assertThatIllegalArgumentException().isThrownBy(() -> new FastPathOutcome(Result.SKIPPED, null))
			.withMessage("A skipped outcome needs a reason");
	}

	@Test
	void appliedOutcomeTakesNoReason() {
		assertThatIllegalArgumentException().isThrownBy(() -> new FastPathOutcome(Result.APPLIED, "x"))
			.withMessage("An applied outcome takes no reason");
	}

	@Test
	void reasonsAreCountedUnderTheirResult() {
		ComponentStats stats = new ComponentStats();
		stats.record(FastPathOutcome.failed("WSAEOPNOTSUPP (10045)"), 8080);
		stats.record(new FastPathOutcome(Result.SKIPPED, "not-loopback"), 8080);
		stats.record(FastPathOutcome.applied(), 8080);
		assertThat(stats.failures()).containsOnlyKeys("WSAEOPNOTSUPP (10045)");
		assertThat(stats.skips()).containsOnlyKeys("not-loopback");
	}

}
