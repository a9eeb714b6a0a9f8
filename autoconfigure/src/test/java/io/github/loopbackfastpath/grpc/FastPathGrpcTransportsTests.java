package io.github.loopbackfastpath.grpc;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The event loops of {@link FastPathGrpcTransports} end with
 * {@link FastPathGrpcTransports#close()}: a builder handed over afterwards gets none,
 * instead of loops that nothing would shut down.
 */
class FastPathGrpcTransportsTests {

	@Test
	void closedTransportsCreateNoEventLoops() {
		FastPathGrpcTransports transports = new FastPathGrpcTransports(LoopbackFastPath.create());
		assertThat(transports.client(NettyChannelBuilder.forAddress("127.0.0.1", 1), "grpc-client")).isNotNull();
		transports.close();
		assertThatIllegalStateException()
			.isThrownBy(() -> transports.client(NettyChannelBuilder.forAddress("127.0.0.1", 1), "grpc-client"))
			.withMessageContaining("closed");
		assertThatIllegalStateException()
			.isThrownBy(() -> transports.server(NettyServerBuilder.forPort(0), "grpc-server"));
		// A second close has nothing left to do.
		transports.close();
	}

}
