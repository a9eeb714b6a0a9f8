package com.example.grpcclient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.test.GrpcEcho;
import io.github.loopbackfastpath.test.StandInRecord;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.grpc.client.GrpcChannelFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's gRPC client alone (grpc-netty): a channel from its {@code GrpcChannelFactory} to
 * a loopback gRPC server the application does not own (built here with plain grpc-java) gets
 * the fast path, one stand-in call before connect, recorded under {@code grpc-client}; there is
 * no gRPC server in the application and so no {@code grpc-server} component.
 */
@SpringBootTest
class GrpcClientApplicationTests {

	private static final GrpcEcho echo = new GrpcEcho();

	private static Server sidecar;

	@Autowired
	private GrpcChannelFactory channels;

	@Autowired
	private LoopbackFastPath fastPath;

	@BeforeAll
	static void startSidecar() throws IOException {
		sidecar = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(echo).build().start();
	}

	@AfterAll
	static void stopSidecar() throws InterruptedException {
		sidecar.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void channelOfSpringBootsFactoryGetsOneCallBeforeConnect() throws InterruptedException {
		assertThat(WsaStandIn.calls()).as("nothing before the first channel connects").isEmpty();
		ManagedChannel channel = this.channels.createChannel("127.0.0.1:" + sidecar.getPort());
		StandInRecord record;
		try {
			assertThat(GrpcEcho.call(channel, "ping")).isEqualTo("echo:ping");
			assertThat(GrpcEcho.call(channel, "again")).isEqualTo("echo:again");
			// Both calls on one HTTP/2 connection, still open: the one socket the stand-in saw,
			// before connect.
			assertThat(echo.clientPorts()).hasSize(2).containsOnly(echo.clientPorts().get(0));
			record = StandInRecord.read();
			assertThat(record.listeners()).isEmpty();
			assertThat(record.clients()).singleElement()
				.satisfies((call) -> assertThat(WsaStandIn.boundPortNow(call.handle()))
					.isEqualTo(echo.clientPorts().get(0)));
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}

		assertThat(this.fastPath.outcomes().components()).containsOnlyKeys("grpc-client");
		ComponentStats client = this.fastPath.outcomes().components().get("grpc-client");
		assertThat(client.applied()).isEqualTo(record.clients().size());
		assertThat(client.failed() + client.skipped()).isZero();
		assertThat(client.notCovered()).isNull();
		assertThat(client.destinations()).containsOnlyKeys(sidecar.getPort());
		assertThat(this.fastPath.outcomes().listeners()).isEmpty();
	}

}
