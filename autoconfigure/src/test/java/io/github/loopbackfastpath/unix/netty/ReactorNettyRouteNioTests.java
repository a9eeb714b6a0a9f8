package io.github.loopbackfastpath.unix.netty;

import java.util.Map;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.UnixSidecar;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandInExtension;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReactorNettyRouteTests} on the NIO transport (the JDK's own AF_UNIX support,
 * what Windows and macOS without kqueue use), in the Surefire execution with
 * {@code -Dreactor.netty.native=false}; and, on the NIO transport that the loopback fast
 * path hooks, the fast path for the TCP connections of a routed client.
 */
@Tag("netty-nio")
@EnabledIfUnixDomainSockets
class ReactorNettyRouteNioTests extends ReactorNettyRouteTests {

	@BeforeEach
	void onNio() {
		assertThat(System.getProperty("reactor.netty.native")).isEqualTo("false");
	}

	@ParameterizedTest
	@CsvSource({ "webclient,webclient", "restclient,restclient" })
	@ExtendWith(WsaStandInExtension.class)
	void tcpConnectionsOfARoutedClientTakeTheFastPath(String client, String component) throws Exception {
		int routed = UnixSidecar.unusedPort();
		try (RouteSidecar sidecar = RouteSidecar.start("unix", this.dir.resolve("s.sock"));
				SidecarStub tcp = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start(Map.of(routed, "s.sock"))) {
			Client get = client(context, client);
			assertThat(get.get("http://127.0.0.1:" + routed + "/unix")).isEqualTo("unix:/unix");
			// The Unix-socket connection has no TCP stack: no call.
			assertThat(WsaStandIn.calls()).isEmpty();
			assertThat(get.get(tcp.url() + "/tcp")).isEqualTo("pong");
			assertThat(WsaStandIn.calls()).hasSize(1).allSatisfy((call) -> assertThat(call.violation()).isEmpty());
			ComponentStats stats = context.getBean(LoopbackFastPath.class).outcomes().components().get(component);
			assertThat(stats).isNotNull();
			assertThat(stats.destinations().get(tcp.port()).applied()).isEqualTo(1);
			assertThat(context.getBean(UnixSocketTransport.class).routes().get(routed).connections()).isEqualTo(1);
		}
	}

}
