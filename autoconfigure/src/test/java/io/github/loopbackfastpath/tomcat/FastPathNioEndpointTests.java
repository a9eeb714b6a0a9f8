package io.github.loopbackfastpath.tomcat;

import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;

import io.github.loopbackfastpath.FailureMode;
import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.handle.SocketHandles;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.platform.FastPathPlatforms;
import io.github.loopbackfastpath.policy.LoopbackPolicy;
import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandInExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FastPathNioEndpoint} on its own, for the connector shapes that need no server
 * around them, with the C stand-in of {@code WSAIoctl}.
 */
@ExtendWith(WsaStandInExtension.class)
class FastPathNioEndpointTests {

	@TempDir
	Path dir;

	@Test
	@EnabledIfUnixDomainSockets
	void unixSocketEndpointWithTomcatsDefaultPortBindsAndIsReportedAsUnhooked() throws Exception {
		FastPathOutcomes outcomes = new FastPathOutcomes();
		LoopbackFastPath fastPath = new LoopbackFastPath(FastPathPlatforms.detect(), SocketHandles.detect(),
				new LoopbackPolicy(true, true, List.of()), outcomes, FailureMode.FALLBACK);
		Path socket = this.dir.resolve("tomcat.sock");
		FastPathNioEndpoint endpoint = new FastPathNioEndpoint();
		endpoint.setLoopbackFastPath(fastPath);
		endpoint.setUnixDomainSocketPath(socket.toString());
		// Tomcat's default: a Unix-socket connector has no port.
		assertThat(endpoint.getPort()).isEqualTo(-1);
		endpoint.bind();
		try {
			try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
				assertThat(client.isConnected()).isTrue();
			}
			FastPathListener listener = outcomes.listeners().get(0);
			assertThat(outcomes.listeners()).hasSize(1);
			assertThat(listener.outcome().reason()).isEqualTo("unhooked");
			assertThat(listener.note()).contains("Unix domain socket");
			assertThat(WsaStandIn.calls()).isEmpty();
		}
		finally {
			endpoint.unbind();
		}
		assertThat(outcomes.listeners()).isEmpty();
	}

}
