package com.example.grpcserver;

import java.util.concurrent.TimeUnit;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.outcome.FastPathOutcome;
import io.github.loopbackfastpath.test.GrpcEcho;
import io.github.loopbackfastpath.test.StandInRecord;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's gRPC server alone (grpc-netty) with one {@code BindableService}: its listening
 * socket gets the fast path, one stand-in call before bind, listed under {@code grpc-server};
 * a plain grpc-java client (not the application's, so not hooked) is served.
 */
@SpringBootTest
class GrpcServerApplicationTests {

	@Autowired
	private GrpcServerLifecycle server;

	@Autowired
	private GrpcEcho echo;

	@Autowired
	private LoopbackFastPath fastPath;

	@Test
	void listenerGetsOneCallBeforeBindAndServesAPlainClient() throws InterruptedException {
		int port = this.server.getPort();
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		try {
			assertThat(GrpcEcho.call(channel, "ping")).isEqualTo("echo:ping");
		}
		finally {
			channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
		assertThat(this.echo.clientPorts()).hasSize(1);
		StandInRecord record = StandInRecord.read().hasOneListenerOn(port);
		assertThat(record.clients()).isEmpty();

		assertThat(this.fastPath.outcomes().components()).containsOnlyKeys("grpc-server");
		ComponentStats server = this.fastPath.outcomes().components().get("grpc-server");
		assertThat(server.applied()).isEqualTo(record.listeners().size());
		assertThat(server.failed() + server.skipped()).isZero();
		assertThat(this.fastPath.outcomes().listeners()).singleElement().satisfies((listener) -> {
			assertThat(listener.component()).isEqualTo("grpc-server");
			assertThat(listener.outcome()).isEqualTo(FastPathOutcome.applied());
			assertThat(listener.address()).isEqualTo("127.0.0.1:" + port);
			assertThat(listener.acceptedConnections()).isEqualTo(this.echo.clientPorts().size());
		});
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Service {

		@Bean
		GrpcEcho grpcEcho() {
			return new GrpcEcho();
		}

	}

}
