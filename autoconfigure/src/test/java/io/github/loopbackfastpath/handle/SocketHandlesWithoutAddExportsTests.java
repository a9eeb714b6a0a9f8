package io.github.loopbackfastpath.handle;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

import io.github.loopbackfastpath.FailureMode;
import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.FastPathOutcome;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.platform.FastPathPlatforms;
import io.github.loopbackfastpath.policy.LoopbackPolicy;
import io.github.loopbackfastpath.test.EnabledIfWsaStandIn;
import io.github.loopbackfastpath.test.WsaStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs in its own Surefire execution, in a JVM started without
 * {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}.
 */
@Tag("without-add-exports")
@EnabledIfWsaStandIn
class SocketHandlesWithoutAddExportsTests {

	@AfterEach
	void uninstall() {
		WsaStandIn.uninstall();
	}

	@Test
	void handlesAreUnavailableWithTheFlagNamedInTheReason() {
		SocketHandles handles = SocketHandles.detect();
		assertThat(handles.isAvailable()).isFalse();
		assertThat(handles.unavailableReason()).contains("--add-exports java.base/sun.nio.ch=ALL-UNNAMED");
	}

	@Test
	void connectionStillWorksAndOutcomeIsFailedWithoutNativeCall() throws IOException {
		WsaStandIn.install();
		FastPathOutcomes outcomes = new FastPathOutcomes();
		LoopbackFastPath fastPath = new LoopbackFastPath(FastPathPlatforms.detect(), SocketHandles.detect(),
				new LoopbackPolicy(true, true, List.of()), outcomes, FailureMode.FALLBACK);
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			try (SocketChannel client = SocketChannel.open()) {
				FastPathOutcome outcome = fastPath.beforeConnect(client, server.getLocalAddress(), "client");
				assertThat(outcome).isEqualTo(FastPathOutcome.failed(FastPathOutcome.HANDLE_INACCESSIBLE));
				assertThat(client.connect(server.getLocalAddress())).isTrue();
			}
		}
		assertThat(WsaStandIn.calls()).isEmpty();
		assertThat(outcomes.components().get("client").failures()).containsEntry("handle-inaccessible", 1L);
	}

}
