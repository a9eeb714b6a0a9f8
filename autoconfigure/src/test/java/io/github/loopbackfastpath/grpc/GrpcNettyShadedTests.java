package io.github.loopbackfastpath.grpc;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.test.GrpcEcho;
import io.github.loopbackfastpath.test.UnixSidecar;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandInExtension;
import io.github.loopbackfastpath.unix.UnixRoute;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's gRPC client and server on grpc-netty-shaded, whose relocated Netty the
 * starter cannot hand its channels: this class runs in a Surefire execution whose class
 * path has grpc-netty-shaded instead of grpc-netty. Calls work as without the starter,
 * the stand-in sees no call, and the status says what is not covered, by the fast path
 * and by the Unix-socket routes, and what to use instead.
 */
@Tag("grpc-netty-shaded")
@ExtendWith(WsaStandInExtension.class)
class GrpcNettyShadedTests {

	@Test
	void shadedClientAndServerAreReportedNotHooked() {
		assertThat(ClassUtils.isPresent("io.grpc.netty.NettyChannelBuilder", null)).isFalse();
		assertThat(ClassUtils.isPresent("io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder", null)).isTrue();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(GrpcApp.class)
			.web(WebApplicationType.NONE)
			.properties("loopback.fastpath.enabled=true", "spring.grpc.server.address=127.0.0.1",
					"spring.grpc.server.port=0")
			.run()) {
			assertThat(context.getBeanNamesForType(FastPathGrpcTransports.class)).isEmpty();
			int port = context.getBean(GrpcServerLifecycle.class).getPort();
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("127.0.0.1:" + port);
			assertThat(GrpcEcho.call(channel, "ping")).isEqualTo("echo:ping");
			assertThat(WsaStandIn.calls()).isEmpty();
			LoopbackFastPath fastPath = context.getBean(LoopbackFastPath.class);
			ComponentStats client = fastPath.outcomes().components().get("grpc-client");
			assertThat(client.notCovered()).contains("grpc-netty-shaded").contains("io.grpc:grpc-netty");
			assertThat(client.applied() + client.failed() + client.skipped()).isZero();
			assertThat(fastPath.outcomes().listeners()).singleElement().satisfies((listener) -> {
				assertThat(listener.component()).isEqualTo("grpc-server");
				assertThat(listener.address()).isEqualTo("127.0.0.1:" + port);
				assertThat(listener.outcome().reason()).isEqualTo("unhooked");
				assertThat(listener.note()).contains("grpc-netty-shaded").contains("io.grpc:grpc-netty");
			});
		}
	}

	@Test
	void shadedChannelsToARoutedPortStayOnTcpAndAreReportedNotCoveredByTheRoutes(@TempDir Path directory)
			throws Exception {
		int port = UnixSidecar.unusedPort();
		Path socket = directory.resolve("grpc.sock");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(GrpcApp.class)
			.web(WebApplicationType.NONE)
			.properties("loopback.fastpath.enabled=true", "spring.grpc.server.address=127.0.0.1",
					"spring.grpc.server.port=" + port, "loopback.fastpath.unix.routes." + port + "=" + socket)
			.run()) {
			UnixSocketTransport transport = context.getBean(UnixSocketTransport.class);
			assertThat(transport.coverage().notCovered().get("grpc-client")).contains("grpc-netty-shaded")
				.contains("io.grpc:grpc-netty")
				.contains("unix:");
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("127.0.0.1:" + port);
			// Nothing listens on the route's path: the call went over TCP.
			assertThat(GrpcEcho.call(channel, "ping")).isEqualTo("echo:ping");
			assertThat(Files.exists(socket)).isFalse();
			UnixRoute route = transport.routes().get(port);
			assertThat(route.connections() + route.fallbacks() + route.failures()).isZero();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class GrpcApp {

		@Bean
		GrpcEcho grpcEcho() {
			return new GrpcEcho();
		}

	}

}
