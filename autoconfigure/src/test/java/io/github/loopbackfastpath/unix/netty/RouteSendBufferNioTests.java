package io.github.loopbackfastpath.unix.netty;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RouteSendBufferTests} on Reactor Netty's NIO transport, whose Unix-domain
 * channel ({@code NioDomainSocketChannel}) the benchmarks measured, in the Surefire
 * execution with {@code -Dreactor.netty.native=false}.
 */
@Tag("netty-nio")
@EnabledIfUnixDomainSockets
class RouteSendBufferNioTests extends RouteSendBufferTests {

	@BeforeEach
	void onNio() {
		assertThat(System.getProperty("reactor.netty.native")).isEqualTo("false");
	}

}
