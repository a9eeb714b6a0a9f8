package io.github.loopbackfastpath.platform.windows;

import java.io.IOException;
import java.nio.channels.SocketChannel;

import io.github.loopbackfastpath.platform.FastPathPlatform;
import io.github.loopbackfastpath.platform.FastPathPlatforms;
import io.github.loopbackfastpath.platform.NativeFailure;
import io.github.loopbackfastpath.test.NioHandles;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandInExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stand-in's failure-share knob, which the soak uses to make a share of the native
 * calls fail at random: the binding sees each failed call as the Winsock error, and the
 * stand-in's own count of failed calls matches what the binding reported.
 */
@ExtendWith(WsaStandInExtension.class)
class StandInFailureShareTests {

	private static final int CALLS = 2000;

	@Test
	void aTenthOfTheCallsFailWithTheChosenErrorAndTheStandInCountsThem() throws IOException {
		WsaStandIn.failShare(0.1, WsaStandIn.WSAEISCONN);
		int[] reported = offer(FastPathPlatforms.detect(), "WSAEISCONN (10056)");
		assertThat(reported[0] + reported[1]).isEqualTo(CALLS);
		assertThat(WsaStandIn.callCount()).isEqualTo(CALLS);
		assertThat(WsaStandIn.failedCount()).isEqualTo(reported[1]);
		// Binomial(2000, 0.1): mean 200, standard deviation 13.4; the bounds are more
		// than 5 of them away.
		assertThat(reported[1]).isBetween(130, 270);
	}

	@Test
	void shareOfZeroFailsNothingAndShareOfOneFailsEverything() throws IOException {
		FastPathPlatform platform = FastPathPlatforms.detect();
		WsaStandIn.failShare(0, WsaStandIn.WSAEOPNOTSUPP);
		assertThat(offer(platform, "WSAEOPNOTSUPP (10045)")[1]).isZero();
		WsaStandIn.failShare(1, WsaStandIn.WSAEOPNOTSUPP);
		assertThat(offer(platform, "WSAEOPNOTSUPP (10045)")[0]).isZero();
		assertThat(WsaStandIn.failedCount()).isEqualTo(CALLS);
	}

	@Test
	void resetTurnsTheShareOff() throws IOException {
		WsaStandIn.failShare(1, WsaStandIn.WSAEOPNOTSUPP);
		WsaStandIn.reset();
		assertThat(offer(FastPathPlatforms.detect(), "none")[1]).isZero();
		assertThat(WsaStandIn.failedCount()).isZero();
	}

	/**
	 * Offers {@value #CALLS} fresh sockets; returns {applied, failed} as the binding
	 * reported them.
	 */
	private static int[] offer(FastPathPlatform platform, String expectedFailure) throws IOException {
		int[] counts = new int[2];
		for (int i = 0; i < CALLS; i++) {
			try (SocketChannel channel = SocketChannel.open()) {
				NativeFailure failure = platform.enableLoopbackFastPath(NioHandles.fd(channel));
				if (failure == null) {
					counts[0]++;
				}
				else {
					assertThat(failure.name()).isEqualTo(expectedFailure);
					counts[1]++;
				}
			}
		}
		return counts;
	}

}
