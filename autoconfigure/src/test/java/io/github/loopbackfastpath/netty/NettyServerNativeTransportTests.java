package io.github.loopbackfastpath.netty;

import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.test.LoopbackHttp;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandInExtension;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reactor Netty with its default native transport on Linux (epoll): nothing breaks, and
 * the listener is reported as skipped with the reason.
 */
@ExtendWith(WsaStandInExtension.class)
class NettyServerNativeTransportTests {

	@Test
	void nativeTransportListenerIsReportedSkippedAndServes() throws Exception {
		assumeTrue(Epoll.isAvailable(), "this test proves the epoll case, which needs Linux with epoll");
		try (ConfigurableApplicationContext context = NettyServerFastPathTests.start()) {
			int port = NettyServerFastPathTests.port(context);
			assertThat(LoopbackHttp.get("127.0.0.1", port, "/ping")).isEqualTo("pong");
			FastPathListener listener = NettyServerFastPathTests.singleListener(context);
			assertThat(listener.outcome().reason()).isEqualTo("native-transport");
			assertThat(listener.note()).contains("EpollServerSocketChannel").contains("reactor.netty.native=false");
			assertThat(listener.address()).endsWith(":" + port);
			assertThat(WsaStandIn.calls()).isEmpty();
		}
	}

}
