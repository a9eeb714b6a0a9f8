package io.github.loopbackfastpath;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;

import io.github.loopbackfastpath.handle.SocketHandles;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.outcome.FastPathOutcome;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.platform.FastPathPlatforms;
import io.github.loopbackfastpath.policy.LoopbackPolicy;
import io.github.loopbackfastpath.policy.SkipReason;
import io.github.loopbackfastpath.test.NioHandles;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandInExtension;
import io.github.loopbackfastpath.test.WsaStandIn.Call;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The whole path, from {@link LoopbackFastPath} through JNA to the C stand-in of
 * {@code WSAIoctl}, on real loopback sockets.
 */
@ExtendWith(WsaStandInExtension.class)
class LoopbackFastPathTests {

	private final FastPathOutcomes outcomes = new FastPathOutcomes();

	private LoopbackFastPath fastPath(List<Integer> clientPorts, FailureMode failureMode) {
		return new LoopbackFastPath(FastPathPlatforms.detect(), SocketHandles.detect(),
				new LoopbackPolicy(true, true, clientPorts), this.outcomes, failureMode);
	}

	private LoopbackFastPath fastPath() {
		return fastPath(List.of(), FailureMode.FALLBACK);
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1" })
	void listenerAndClientEachGetOneCallBeforeListenAndConnect(String host) throws Exception {
		LoopbackFastPath fastPath = fastPath();
		InetAddress loopback = InetAddress.getByName(host);
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			FastPathListener listener = fastPath.bindListener(server, new InetSocketAddress(loopback, 0), "server",
					() -> server.bind(new InetSocketAddress(loopback, 0)));
			FastPathOutcome serverOutcome = listener.outcome();
			InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
			try (SocketChannel client = SocketChannel.open(family(loopback))) {
				FastPathOutcome clientOutcome = fastPath.beforeConnect(client, bound, "client");
				client.connect(bound);
				try (SocketChannel accepted = server.accept()) {
					assertEcho(client, accepted);
				}
				assertThat(serverOutcome).isEqualTo(FastPathOutcome.applied());
				assertThat(clientOutcome).isEqualTo(FastPathOutcome.applied());
				List<Call> calls = WsaStandIn.calls();
				assertThat(calls).hasSize(2);
				Call serverCall = calls.get(0);
				assertThat(serverCall.violation()).isEmpty();
				assertThat(serverCall.handle()).isEqualTo(NioHandles.fd(server));
				assertThat(serverCall.listening()).isFalse();
				assertThat(serverCall.localPort()).as("not yet bound").isZero();
				Call clientCall = calls.get(1);
				assertThat(clientCall.violation()).isEmpty();
				assertThat(clientCall.handle()).isEqualTo(NioHandles.fd(client));
				assertThat(clientCall.connected()).isFalse();
				assertThat(clientCall.family()).isEqualTo(host.contains(":") ? 10 : 2);
			}
			ComponentStats client = this.outcomes.components().get("client");
			assertThat(client.applied()).isEqualTo(1);
			assertThat(client.destinations()).containsOnlyKeys(bound.getPort());
			assertThat(this.outcomes.components().get("server").applied()).isEqualTo(1);
			assertThat(this.outcomes.listeners()).singleElement()
				.satisfies((entry) -> assertThat(entry.address()).endsWith(":" + bound.getPort()));
		}
	}

	@Test
	void nonLoopbackDestinationIsSkippedWithoutNativeCall() throws IOException {
		try (SocketChannel client = SocketChannel.open()) {
			// Never connected: the decision is made before connect, from the
			// address alone.
			FastPathOutcome outcome = fastPath().beforeConnect(client, new InetSocketAddress("203.0.113.7", 80),
					"client");
			assertThat(outcome).isEqualTo(new FastPathOutcome(FastPathOutcome.Result.SKIPPED, "not-loopback"));
		}
		assertThat(WsaStandIn.calls()).isEmpty();
		assertThat(this.outcomes.components().get("client").skips()).containsEntry("not-loopback", 1L);
	}

	@Test
	void portNotListedIsSkippedWithoutNativeCallAndListedPortIsApplied() throws IOException {
		LoopbackFastPath fastPath = fastPath(List.of(3500), FailureMode.FALLBACK);
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			try (SocketChannel client = SocketChannel.open()) {
				FastPathOutcome outcome = fastPath.beforeConnect(client, server.getLocalAddress(), "client");
				assertThat(outcome.reason()).isEqualTo("port-not-listed");
				client.connect(server.getLocalAddress());
				assertThat(client.isConnected()).isTrue();
			}
			assertThat(WsaStandIn.calls()).isEmpty();
			try (SocketChannel client = SocketChannel.open()) {
				FastPathOutcome outcome = fastPath.beforeConnect(client,
						new InetSocketAddress(InetAddress.getLoopbackAddress(), 3500), "client");
				assertThat(outcome).isEqualTo(FastPathOutcome.applied());
			}
			assertThat(WsaStandIn.calls()).hasSize(1);
		}
	}

	@Test
	void injectedWinsockErrorIsRecordedByNameAndConnectionStillWorks() throws IOException {
		WsaStandIn.failWith(WsaStandIn.WSAEOPNOTSUPP);
		LoopbackFastPath fastPath = fastPath();
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			try (SocketChannel client = SocketChannel.open()) {
				FastPathOutcome outcome = fastPath.beforeConnect(client, server.getLocalAddress(), "client");
				assertThat(outcome).isEqualTo(FastPathOutcome.failed("WSAEOPNOTSUPP (10045)"));
				client.connect(server.getLocalAddress());
				try (SocketChannel accepted = server.accept()) {
					assertEcho(client, accepted);
				}
			}
		}
		assertThat(WsaStandIn.calls()).singleElement().satisfies((call) -> {
			assertThat(call.violation()).isEmpty();
			assertThat(call.error()).isEqualTo(WsaStandIn.WSAEOPNOTSUPP);
		});
		ComponentStats stats = this.outcomes.components().get("client");
		assertThat(stats.failed()).isEqualTo(1);
		assertThat(stats.failures()).containsEntry("WSAEOPNOTSUPP (10045)", 1L);
		assertThat(this.outcomes.recentFailures()).singleElement()
			.satisfies((failure) -> assertThat(failure.reason()).isEqualTo("WSAEOPNOTSUPP (10045)"));
	}

	@Test
	void callAfterConnectIsCaughtByTheStandIn() throws IOException {
		// Proves the stand-in would catch an integration that hooks too late.
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
				FastPathOutcome outcome = fastPath().beforeConnect(client, server.getLocalAddress(), "client");
				assertThat(outcome).isEqualTo(FastPathOutcome.failed("WSAEISCONN (10056)"));
			}
		}
		assertThat(WsaStandIn.calls()).singleElement()
			.satisfies((call) -> assertThat(call.violation()).contains("already connected"));
	}

	@Test
	void failedListenerStillBindsWhenFailureModeIsFallback() throws Exception {
		WsaStandIn.failWith(WsaStandIn.WSAEOPNOTSUPP);
		InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			FastPathListener listener = fastPath().bindListener(server, address, "server", () -> server.bind(address));
			assertThat(listener.outcome()).isEqualTo(FastPathOutcome.failed("WSAEOPNOTSUPP (10045)"));
			assertThat(server.getLocalAddress()).isNotNull();
		}
	}

	@Test
	void failedListenerIsRefusedBeforeBindWhenFailureModeIsFail() throws Exception {
		WsaStandIn.failWith(WsaStandIn.WSAEOPNOTSUPP);
		InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			LoopbackFastPath fail = fastPath(List.of(), FailureMode.FAIL);
			assertThatExceptionOfType(ListenerFastPathException.class)
				.isThrownBy(() -> fail.bindListener(server, address, "server", () -> server.bind(address)))
				.withMessageContaining("WSAEOPNOTSUPP (10045)")
				.withMessageContaining("127.0.0.1:0");
			assertThat(server.getLocalAddress()).as("never bound").isNull();
		}
		assertThat(this.outcomes.listeners()).singleElement()
			.satisfies((listener) -> assertThat(listener.note()).contains("on-failure=fail"));
	}

	@Test
	@DisabledOnOs(OS.WINDOWS)
	void withoutNativeSeamAnOsOtherThanWindowsIsReportedUnsupportedAndNothingIsCalled() throws IOException {
		WsaStandIn.uninstall();
		LoopbackFastPath fastPath = fastPath();
		assertThat(fastPath.platform().supported()).isFalse();
		assertThat(fastPath.platform().reason()).contains("Windows 8");
		try (SocketChannel client = SocketChannel.open()) {
			FastPathOutcome outcome = fastPath.beforeConnect(client,
					new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080), "client");
			assertThat(outcome.reason()).isEqualTo("platform-unsupported");
		}
		assertThat(WsaStandIn.calls()).isEmpty();
	}

	@Test
	void unhookableSocketsReportThePlatformWhenItHasNoFastPath() {
		assertThat(fastPath().skip("webclient", null, SkipReason.NATIVE_TRANSPORT, true).reason())
			.isEqualTo("native-transport");
		WsaStandIn.uninstall();
		assertThat(fastPath().skip("webclient", null, SkipReason.NATIVE_TRANSPORT, true).reason())
			.isEqualTo("platform-unsupported");
		assertThat(this.outcomes.components().get("webclient").skipped()).isEqualTo(2);
	}

	@Test
	void missingNativeLibraryIsReportedUnsupportedWithReason() {
		System.setProperty(FastPathPlatforms.NATIVE_LIBRARY_PROPERTY, "/nonexistent/libnothing.so");
		assertThat(FastPathPlatforms.detect().info()).satisfies((info) -> {
			assertThat(info.supported()).isFalse();
			assertThat(info.reason()).contains("/nonexistent/libnothing.so");
		});
	}

	@Test
	void jdkSwitchIsDetectedTheWayTheJdkReadsIt() {
		assertThat(LoopbackFastPath.isJdkFastLoopbackSet(null)).isFalse();
		assertThat(LoopbackFastPath.isJdkFastLoopbackSet("")).isTrue();
		assertThat(LoopbackFastPath.isJdkFastLoopbackSet("true")).isTrue();
		assertThat(LoopbackFastPath.isJdkFastLoopbackSet("false")).isFalse();
	}

	private static StandardProtocolFamily family(InetAddress address) {
		return (address.getAddress().length == 16) ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
	}

	private static void assertEcho(SocketChannel client, SocketChannel accepted) throws IOException {
		client.write(ByteBuffer.wrap(new byte[] { 42 }));
		ByteBuffer read = ByteBuffer.allocate(1);
		assertThat(accepted.read(read)).isEqualTo(1);
		assertThat(read.get(0)).isEqualTo((byte) 42);
	}

}
