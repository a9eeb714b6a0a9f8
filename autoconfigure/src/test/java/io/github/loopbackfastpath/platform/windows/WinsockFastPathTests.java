package io.github.loopbackfastpath.platform.windows;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import io.github.loopbackfastpath.platform.FastPathPlatform;
import io.github.loopbackfastpath.platform.FastPathPlatforms;
import io.github.loopbackfastpath.platform.NativeFailure;
import io.github.loopbackfastpath.test.NioHandles;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandInExtension;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Winsock binding against the C stand-in, which reports errors the way Winsock does:
 * in the thread's last error, which JNA preserves, and through {@code WSAGetLastError}.
 */
@ExtendWith(WsaStandInExtension.class)
class WinsockFastPathTests {

	@ParameterizedTest(name = "WSAGetLastError later reports {0}")
	@ValueSource(ints = { 0, 10022, 997 })
	void failureIsTheErrorJnaPreservedEvenWhenWsaGetLastErrorNoLongerHasIt(int later) throws IOException {
		WsaStandIn.failWith(WsaStandIn.WSAEOPNOTSUPP);
		WsaStandIn.clobberLastError(later);
		FastPathPlatform platform = FastPathPlatforms.detect();
		try (SocketChannel channel = SocketChannel.open()) {
			NativeFailure failure = platform.enableLoopbackFastPath(NioHandles.fd(channel));
			assertThat(failure).isEqualTo(new NativeFailure("WSAEOPNOTSUPP (10045)"));
		}
		assertThat(WsaStandIn.calls()).singleElement()
			.satisfies((call) -> assertThat(call.error()).isEqualTo(WsaStandIn.WSAEOPNOTSUPP));
	}

	@Test
	void failureOnEachThreadIsThatThreadsOwnError() throws Exception {
		FastPathPlatform platform = FastPathPlatforms.detect();
		WsaStandIn.failWith(WsaStandIn.WSAEOPNOTSUPP);
		NativeFailure other;
		try (SocketChannel channel = SocketChannel.open()) {
			long handle = NioHandles.fd(channel);
			FutureTask<@Nullable NativeFailure> call = new FutureTask<>(() -> platform.enableLoopbackFastPath(handle));
			new Thread(call).start();
			other = call.get(10, TimeUnit.SECONDS);
		}
		// This thread's last call succeeds: a failure recorded on the other thread must
		// not leak here.
		WsaStandIn.failWith(0);
		try (SocketChannel channel = SocketChannel.open()) {
			assertThat(platform.enableLoopbackFastPath(NioHandles.fd(channel))).isNull();
		}
		assertThat(other).isEqualTo(new NativeFailure("WSAEOPNOTSUPP (10045)"));
	}

	@Test
	void libraryWithoutWsaIoctlIsUnsupportedFromTheStartWithTheReason() throws IOException {
		System.setProperty(FastPathPlatforms.NATIVE_LIBRARY_PROPERTY, WsaStandIn.libraryWithoutWsaIoctl());
		FastPathPlatform platform = FastPathPlatforms.detect();
		assertThat(platform.info().supported()).isFalse();
		assertThat(platform.info().reason()).contains("could not bind WSAIoctl and WSAGetLastError")
			.contains(WsaStandIn.libraryWithoutWsaIoctl())
			.contains("WSAIoctl");
	}

}
