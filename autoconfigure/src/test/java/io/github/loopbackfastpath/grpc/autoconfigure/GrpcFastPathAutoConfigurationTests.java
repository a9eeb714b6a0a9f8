package io.github.loopbackfastpath.grpc.autoconfigure;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.autoconfigure.LoopbackFastPathAutoConfiguration;
import io.github.loopbackfastpath.grpc.FastPathGrpcTransports;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.test.GrpcEcho;
import io.github.loopbackfastpath.test.TestPaths;
import io.github.loopbackfastpath.unix.netty.UnixNettyChannels;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.github.loopbackfastpath.unix.autoconfigure.UnixSocketAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.grpc.client.NettyGrpcChannelFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each condition of {@link GrpcFastPathAutoConfiguration} on its own, with Spring Boot's
 * gRPC client and server auto-configurations, and with gRPC, grpc-netty or either of
 * Spring Boot's gRPC modules hidden: an application without them starts exactly as
 * before.
 */
class GrpcFastPathAutoConfigurationTests {

	private final ApplicationContextRunner runner = runner(GrpcClientAutoConfiguration.class,
			GrpcServerAutoConfiguration.class);

	@Test
	void hooksClientAndServerWhenEnabled() {
		this.runner.withPropertyValues("loopback.fastpath.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(FastPathGrpcTransports.class)
				.hasSingleBean(GrpcClientFastPathCustomizer.class)
				.hasSingleBean(GrpcClientFactoryReport.class)
				.hasSingleBean(GrpcServerFastPath.class)
				.hasSingleBean(GrpcServerListenerReport.class);
			context.getBean(NettyGrpcChannelFactory.class);
			ComponentStats client = context.getBean(LoopbackFastPath.class).outcomes().components().get("grpc-client");
			assertThat(client).as("reported once Spring Boot's channel factory exists").isNotNull();
			assertThat(client.notCovered()).isNull();
		});
	}

	@Test
	void doesNothingUnlessEnabled() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(NettyGrpcChannelFactory.class)
			.doesNotHaveBean(FastPathGrpcTransports.class)
			.doesNotHaveBean(GrpcClientFastPathCustomizer.class)
			.doesNotHaveBean(GrpcServerFastPath.class)
			.doesNotHaveBean(GrpcServerListenerReport.class)
			.doesNotHaveBean(GrpcClientFactoryReport.class));
	}

	@Test
	void startsWithoutGrpc() {
		this.runner.withPropertyValues("loopback.fastpath.enabled=true")
			.withClassLoader(new FilteredClassLoader("io.grpc.", "org.springframework.grpc."))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(LoopbackFastPath.class)
				.doesNotHaveBean(FastPathGrpcTransports.class)
				.doesNotHaveBean(GrpcClientFactoryReport.class)
				.doesNotHaveBean(GrpcServerListenerReport.class));
	}

	@Test
	void reportsButDoesNotHookWithoutGrpcNetty() {
		this.runner.withPropertyValues("loopback.fastpath.enabled=true")
			.withClassLoader(new FilteredClassLoader("io.grpc.netty."))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(GrpcClientFactoryReport.class)
				.hasSingleBean(GrpcServerListenerReport.class)
				.doesNotHaveBean(FastPathGrpcTransports.class)
				.doesNotHaveBean(GrpcClientFastPathCustomizer.class)
				.doesNotHaveBean(GrpcServerFastPath.class));
	}

	@Test
	void hooksOnlyTheClientWithoutSpringBootsGrpcServer() {
		runner(GrpcClientAutoConfiguration.class).withPropertyValues("loopback.fastpath.enabled=true")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.grpc.server."))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(GrpcClientFastPathCustomizer.class)
				.doesNotHaveBean(GrpcServerFastPath.class)
				.doesNotHaveBean(GrpcServerListenerReport.class));
	}

	@Test
	void hooksOnlyTheServerWithoutSpringBootsGrpcClient() {
		runner(GrpcServerAutoConfiguration.class).withPropertyValues("loopback.fastpath.enabled=true")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.grpc.client."))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(GrpcServerFastPath.class)
				.hasSingleBean(GrpcServerListenerReport.class)
				.doesNotHaveBean(GrpcClientFastPathCustomizer.class)
				.doesNotHaveBean(GrpcClientFactoryReport.class));
	}

	@Test
	void leavesTheClientAloneWhenSpringBootsClientIsDisabled() {
		this.runner.withPropertyValues("loopback.fastpath.enabled=true", "spring.grpc.client.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(GrpcClientFastPathCustomizer.class)
				.doesNotHaveBean(GrpcClientFactoryReport.class)
				.hasSingleBean(GrpcServerFastPath.class));
	}

	@Test
	void routesChannelsToARoutedPortThroughUnixNettyChannels() {
		this.runner.withConfiguration(AutoConfigurations.of(UnixSocketAutoConfiguration.class))
			.withPropertyValues("loopback.fastpath.enabled=true",
					"loopback.fastpath.unix.routes.15001=" + TestPaths.absolute("run", "envoy.sock"))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(UnixNettyChannels.class);
				context.getBean(NettyGrpcChannelFactory.class).createChannel("127.0.0.1:15001").shutdownNow();
				assertThat(context.getBean(UnixSocketTransport.class).coverage().notCovered()).isEmpty();
			});
	}

	@Test
	void reportsRoutesAsNotCoveredWithoutNettysNioDomainSocketChannel() {
		this.runner.withConfiguration(AutoConfigurations.of(UnixSocketAutoConfiguration.class))
			.withPropertyValues("loopback.fastpath.enabled=true",
					"loopback.fastpath.unix.routes.15001=" + TestPaths.absolute("run", "envoy.sock"))
			.withClassLoader(new FilteredClassLoader("io.netty.channel.socket.nio.NioDomainSocketChannel"))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(GrpcClientFastPathCustomizer.class)
					.doesNotHaveBean(UnixNettyChannels.class);
				GrpcChannelFactory channels = context.getBean(NettyGrpcChannelFactory.class);
				channels.createChannel("127.0.0.1:15002").shutdownNow();
				assertThat(context.getBean(UnixSocketTransport.class).coverage().notCovered())
					.as("only for a routed channel")
					.isEmpty();
				channels.createChannel("127.0.0.1:15001").shutdownNow();
				assertThat(context.getBean(UnixSocketTransport.class).coverage().notCovered())
					.containsOnlyKeys("grpc-client")
					.containsValue(GrpcClientFastPathCustomizer.NO_NIO_DOMAIN_SOCKETS);
			});
	}

	/**
	 * A runner with the given Spring Boot gRPC auto-configurations, the way an
	 * application with only their modules has them.
	 */
	private static ApplicationContextRunner runner(Class<?>... grpcAutoConfigurations) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class,
					SslAutoConfiguration.class, GrpcFastPathAutoConfiguration.class))
			.withConfiguration(AutoConfigurations.of(grpcAutoConfigurations))
			.withBean(GrpcEcho.class)
			.withPropertyValues("spring.grpc.server.address=127.0.0.1", "spring.grpc.server.port=0");
	}

}
