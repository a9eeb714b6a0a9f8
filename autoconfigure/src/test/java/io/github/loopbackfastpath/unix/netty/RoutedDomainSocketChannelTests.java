package io.github.loopbackfastpath.unix.netty;

import java.net.StandardSocketOptions;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOption;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The options a routed channel's config takes: TCP-only ones accepted and ignored, the
 * socket's buffer sizes set on the AF_UNIX socket, anything else as Netty's default
 * config says.
 */
@EnabledIfUnixDomainSockets
class RoutedDomainSocketChannelTests {

	@Test
	void acceptsTcpOnlyOptionsAndSetsBufferSizes() throws Exception {
		RoutedDomainSocketChannel channel = new RoutedDomainSocketChannel();
		try {
			ChannelConfig config = channel.config();
			assertThat(config.setOption(ChannelOption.SO_KEEPALIVE, true)).isTrue();
			assertThat(config.setOption(ChannelOption.TCP_NODELAY, true)).isTrue();
			assertThat(config.setOption(ChannelOption.SO_SNDBUF, 64 * 1024)).isTrue();
			assertThat(channel.javaChannel().getOption(StandardSocketOptions.SO_SNDBUF))
				.isGreaterThanOrEqualTo(64 * 1024);
			assertThat(config.setOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1234)).isTrue();
			assertThat(config.getConnectTimeoutMillis()).isEqualTo(1234);
			assertThat(config.setOption(ChannelOption.IP_TOS, 0x10)).as("an option a Unix socket has no use for")
				.isFalse();
		}
		finally {
			channel.unsafe().closeForcibly();
		}
	}

}
