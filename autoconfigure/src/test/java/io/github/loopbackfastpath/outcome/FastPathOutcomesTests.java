package io.github.loopbackfastpath.outcome;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.github.loopbackfastpath.policy.SkipReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the record keeps per component: totals for every socket, per-port detail only for
 * loopback destinations and only up to a bound.
 */
class FastPathOutcomesTests {

	private final FastPathOutcomes outcomes = new FastPathOutcomes();

	@Test
	void destinationsThatAreNotLoopbackCountInTheTotalsOnly() throws Exception {
		InetAddress other = InetAddress.getByAddress(new byte[] { (byte) 192, 0, 2, 1 });
		this.outcomes.record("restclient", new InetSocketAddress(other, 443),
				FastPathOutcome.skipped(SkipReason.NOT_LOOPBACK), true);
		this.outcomes.record("restclient", InetSocketAddress.createUnresolved("localhost", 8080),
				FastPathOutcome.skipped(SkipReason.NOT_LOOPBACK), true);
		this.outcomes.record("restclient", new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080),
				FastPathOutcome.applied(), true);
		ComponentStats stats = this.outcomes.stats("restclient");
		assertThat(stats.skipped()).isEqualTo(2);
		assertThat(stats.applied()).isEqualTo(1);
		assertThat(stats.destinations()).containsOnlyKeys(8080);
		assertThat(stats.destinations().get(8080).applied()).isEqualTo(1);
	}

	@Test
	void loopbackDestinationPortsAreCappedWhileTotalsKeepCounting() {
		int ports = ComponentStats.MAX_DESTINATION_PORTS + 10;
		for (int port = 1; port <= ports; port++) {
			this.outcomes.record("webclient", new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
					FastPathOutcome.applied(), true);
		}
		this.outcomes.record("webclient", new InetSocketAddress(InetAddress.getLoopbackAddress(), 1),
				FastPathOutcome.applied(), true);
		ComponentStats stats = this.outcomes.stats("webclient");
		assertThat(stats.applied()).isEqualTo(ports + 1);
		assertThat(stats.destinations()).hasSize(ComponentStats.MAX_DESTINATION_PORTS);
		assertThat(stats.destinations().get(1).applied()).as("a port already listed keeps counting").isEqualTo(2);
	}

	@Test
	void listenersHaveNoDestinationPorts() {
		this.outcomes.record("tomcat", new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080),
				FastPathOutcome.applied(), false);
		assertThat(this.outcomes.stats("tomcat").destinations()).isEmpty();
		assertThat(this.outcomes.stats("tomcat").applied()).isEqualTo(1);
	}

}
