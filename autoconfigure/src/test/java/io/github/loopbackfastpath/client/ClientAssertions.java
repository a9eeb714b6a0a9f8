package io.github.loopbackfastpath.client;

import java.util.List;
import java.util.function.Function;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandIn.Call;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every hooked client must show against a sidecar stub, whatever its HTTP library.
 */
final class ClientAssertions {

	private ClientAssertions() {
	}

	/**
	 * Two requests: the first opens a connection and makes exactly one stand-in call,
	 * before connect, on the socket that then carries it; the second reuses the pooled
	 * connection and makes none. For clients that hand the connection back to their pool
	 * by the time the first request returns (Apache HttpClient).
	 */
	static void assertOneCallPerConnection(ConfigurableApplicationContext context, SidecarStub sidecar,
			Function<String, String> get, String component, String host) {
		assertOneCallPerConnection(context, sidecar, get, component, host, () -> {
		});
	}

	/**
	 * Two requests, as above, for a client that hands the connection back to its pool
	 * asynchronously.
	 * @param pooled waits until the first request's connection is back in the pool
	 */
	static void assertOneCallPerConnection(ConfigurableApplicationContext context, SidecarStub sidecar,
			Function<String, String> get, String component, String host, Runnable pooled) {
		assertThat(get.apply("/first")).isEqualTo("pong");
		List<Call> calls = WsaStandIn.calls();
		assertThat(calls).singleElement().satisfies((call) -> {
			assertThat(call.violation()).isEmpty();
			assertThat(call.connected()).as("called before connect").isFalse();
			// JDK and Netty NIO sockets are dual-stack IPv6 sockets, also for
			// IPv4 destinations.
			assertThat(call.family()).isIn(host.contains(":") ? List.of(10) : List.of(2, 10));
			// The pooled socket is still open: its port now is the one the sidecar saw.
			assertThat(WsaStandIn.boundPortNow(call.handle())).isEqualTo(sidecar.clientPorts().get(0));
		});
		pooled.run();
		assertThat(get.apply("/second")).isEqualTo("pong");
		assertThat(WsaStandIn.calls()).as("a pooled connection is not offered again").hasSize(1);
		assertThat(sidecar.clientPorts()).hasSize(2).containsOnly(sidecar.clientPorts().get(0));
		ComponentStats stats = stats(context, component);
		assertThat(stats.applied()).isEqualTo(1);
		assertThat(stats.notCovered()).isNull();
		assertThat(stats.destinations()).containsOnlyKeys(sidecar.port());
	}

	static ComponentStats stats(ConfigurableApplicationContext context, String component) {
		ComponentStats stats = context.getBean(LoopbackFastPath.class).outcomes().components().get(component);
		assertThat(stats).as(component).isNotNull();
		return stats;
	}

}
