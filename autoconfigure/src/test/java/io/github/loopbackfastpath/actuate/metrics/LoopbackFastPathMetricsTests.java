package io.github.loopbackfastpath.actuate.metrics;

import java.net.InetSocketAddress;

import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.outcome.FastPathOutcome;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.policy.SkipReason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoopbackFastPathMetricsTests {

	private static final InetSocketAddress SIDECAR = new InetSocketAddress("127.0.0.1", 15001);

	private final FastPathOutcomes outcomes = new FastPathOutcomes();

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void countsOutcomesRecordedBeforeAndAfterBindingExactlyOnce() {
		this.outcomes.record("webclient", SIDECAR, FastPathOutcome.applied(), true);
		this.outcomes.record("webclient", SIDECAR, FastPathOutcome.failed("WSAEOPNOTSUPP (10045)"), true);
		new LoopbackFastPathMetrics(this.outcomes).bindTo(this.registry);
		assertThat(sockets("webclient", "applied", "none")).isEqualTo(1);
		assertThat(sockets("webclient", "failed", "WSAEOPNOTSUPP (10045)")).isEqualTo(1);
		this.outcomes.record("webclient", SIDECAR, FastPathOutcome.applied(), true);
		this.outcomes.record("webclient", SIDECAR, FastPathOutcome.applied(), true);
		this.outcomes.record("restclient", new InetSocketAddress("203.0.113.7", 80),
				FastPathOutcome.skipped(SkipReason.NOT_LOOPBACK), true);
		assertThat(sockets("webclient", "applied", "none")).isEqualTo(3);
		assertThat(sockets("webclient", "failed", "WSAEOPNOTSUPP (10045)")).isEqualTo(1);
		assertThat(sockets("restclient", "skipped", "not-loopback")).isEqualTo(1);
		assertThat(this.registry.find(LoopbackFastPathMetrics.SOCKETS).functionCounters()).hasSize(3);
	}

	@Test
	void closedBinderStopsObservingTheRecord() {
		LoopbackFastPathMetrics metrics = new LoopbackFastPathMetrics(this.outcomes);
		metrics.bindTo(this.registry);
		this.outcomes.record("webclient", SIDECAR, FastPathOutcome.applied(), true);
		metrics.close();
		this.outcomes.record("restclient", SIDECAR, FastPathOutcome.applied(), true);
		assertThat(this.registry.find(LoopbackFastPathMetrics.SOCKETS).tag("component", "restclient").functionCounter())
			.as("no counter registered by an observer that was removed")
			.isNull();
		assertThat(sockets("webclient", "applied", "none")).isEqualTo(1);
	}

	@Test
	void gaugesListenersByOutcome() {
		new LoopbackFastPathMetrics(this.outcomes).bindTo(this.registry);
		assertThat(listeners("applied")).isZero();
		this.outcomes.addListener("tomcat", SIDECAR, FastPathOutcome.applied(), null);
		this.outcomes.addListener("tomcat", null, FastPathOutcome.applied(), null);
		FastPathListener failed = this.outcomes.addListener("netty-server", SIDECAR,
				FastPathOutcome.failed("handle-inaccessible"), null);
		assertThat(listeners("applied")).isEqualTo(2);
		assertThat(listeners("failed")).isEqualTo(1);
		assertThat(listeners("skipped")).isZero();
		this.outcomes.removeListener(failed);
		assertThat(listeners("failed")).isZero();
	}

	private double sockets(String component, String outcome, String reason) {
		return this.registry.get(LoopbackFastPathMetrics.SOCKETS)
			.tags("component", component, "outcome", outcome, "reason", reason)
			.functionCounter()
			.count();
	}

	private double listeners(String outcome) {
		return this.registry.get(LoopbackFastPathMetrics.LISTENERS).tag("outcome", outcome).gauge().value();
	}

}
