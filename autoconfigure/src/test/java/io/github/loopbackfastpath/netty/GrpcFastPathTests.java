package io.github.loopbackfastpath.netty;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.test.EnabledIfWsaStandIn;
import io.github.loopbackfastpath.test.GrpcEcho;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real gRPC call over 127.0.0.1 with gRPC-Java's Netty transport, server and client
 * built with {@link FastPathNettyChannels}, on NIO event loops, with the C stand-in of
 * {@code WSAIoctl}. No code generation: {@link GrpcEcho} describes the method by hand.
 */
@EnabledIfWsaStandIn
class GrpcFastPathTests {

	private EventLoopGroup group;

	@BeforeEach
	void setUp() {
		WsaStandIn.install();
		this.group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
	}

	@AfterEach
	void tearDown() {
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
		WsaStandIn.uninstall();
	}

	@Test
	void grpcCallOverLoopbackTakesTheFastPathOnBothEnds() throws Exception {
		LoopbackFastPath fastPath = LoopbackFastPath.create();
		FastPathNettyChannels channels = new FastPathNettyChannels(fastPath);
		GrpcEcho echo = new GrpcEcho();
		Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.channelFactory(channels.serverChannelFactory("grpc-server"))
			.bossEventLoopGroup(this.group)
			.workerEventLoopGroup(this.group)
			.addService(echo)
			.build()
			.start();
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
			.channelFactory(channels.clientChannelFactory("grpc-client"))
			.eventLoopGroup(this.group)
			.usePlaintext()
			.build();
		try {
			assertThat(GrpcEcho.call(channel, "ping")).isEqualTo("echo:ping");
			assertThat(GrpcEcho.call(channel, "again")).isEqualTo("echo:again");
			assertThat(WsaStandIn.calls()).as("one listener, one HTTP/2 connection").hasSize(2).allSatisfy((call) -> {
				assertThat(call.violation()).isEmpty();
				assertThat(call.listening()).isFalse();
				assertThat(call.connected()).isFalse();
			});
			assertThat(fastPath.outcomes().components().get("grpc-server").applied()).isEqualTo(1);
			assertThat(fastPath.outcomes().components().get("grpc-client").applied()).isEqualTo(1);
			assertThat(fastPath.outcomes().components().get("grpc-client").destinations())
				.containsOnlyKeys(server.getPort());
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

}
