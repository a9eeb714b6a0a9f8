package io.github.loopbackfastpath.grpc.autoconfigure;

import io.github.loopbackfastpath.autoconfigure.ConditionalOnStarterEnabled;
import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.autoconfigure.LoopbackFastPathAutoConfiguration;
import io.github.loopbackfastpath.grpc.FastPathGrpcTransports;
import io.github.loopbackfastpath.unix.netty.UnixNettyChannels;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.grpc.client.autoconfigure.GrpcChannelFactoryCustomizer;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientProperties;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.grpc.client.ChannelCredentialsProvider;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycleEvent;

/**
 * Puts Spring Boot's gRPC client channels ({@code GrpcChannelFactory}, component
 * {@code grpc-client}) and its gRPC server's listening socket (component
 * {@code grpc-server}) on the loopback fast path, on grpc-netty's Netty NIO transport.
 * grpc-netty-shaded, in-process channels and servers, and Unix domain sockets are
 * reported, not hooked. Every class here that names a gRPC or Spring gRPC type is only
 * loaded under a condition on it.
 */
@AutoConfiguration(after = LoopbackFastPathAutoConfiguration.class,
		afterName = { "org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration",
				"org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration" })
@ConditionalOnClass(name = "io.grpc.Grpc")
@ConditionalOnStarterEnabled
@ConditionalOnBean(LoopbackFastPath.class)
public final class GrpcFastPathAutoConfiguration {

	/** Component name of the connections of Spring Boot's gRPC channels. */
	public static final String GRPC_CLIENT = "grpc-client";

	/** Component name of Spring Boot's gRPC server listeners. */
	public static final String GRPC_SERVER = "grpc-server";

	private static final String NETTY_CLIENT_CUSTOMIZER = "grpcClientFastPathCustomizer";

	/**
	 * Spring Boot's gRPC client: its channel factory is reported whatever its transport.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ GrpcChannelFactoryCustomizer.class, GrpcClientProperties.class })
	@ConditionalOnBean(GrpcClientProperties.class)
	static class GrpcClientReportConfiguration {

		@Bean
		GrpcClientFactoryReport grpcClientFastPathReport(LoopbackFastPath fastPath, ListableBeanFactory beanFactory,
				ObjectProvider<UnixSocketTransport> unixSockets) {
			// By name: a type here would load grpc-netty classes where only the shaded
			// one exists.
			return new GrpcClientFactoryReport(fastPath, () -> beanFactory.containsBean(NETTY_CLIENT_CUSTOMIZER),
					unixSockets.getIfAvailable());
		}

	}

	/**
	 * Spring Boot's gRPC server: its listeners are reported whatever its transport.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ GrpcServerLifecycleEvent.class, GrpcServerProperties.class })
	@ConditionalOnBean(GrpcServerProperties.class)
	static class GrpcServerReportConfiguration {

		@Bean
		GrpcServerListenerReport grpcServerFastPathReport(LoopbackFastPath fastPath,
				ObjectProvider<GrpcServerFastPath> netty) {
			return new GrpcServerListenerReport(fastPath, netty);
		}

	}

	/**
	 * grpc-netty (unshaded Netty) with Netty 4.2's NIO transport.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ NettyChannelBuilder.class, MultiThreadIoEventLoopGroup.class, NioIoHandler.class })
	static class GrpcNettyConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FastPathGrpcTransports fastPathGrpcTransports(LoopbackFastPath fastPath) {
			return new FastPathGrpcTransports(fastPath);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass({ GrpcChannelBuilderCustomizer.class, GrpcClientProperties.class })
		@ConditionalOnBean(GrpcClientProperties.class)
		static class GrpcNettyClientConfiguration {

			@Bean(NETTY_CLIENT_CUSTOMIZER)
			GrpcClientFastPathCustomizer grpcClientFastPathCustomizer(LoopbackFastPath fastPath,
					FastPathGrpcTransports transports, GrpcClientProperties properties, Environment environment,
					ObjectProvider<UnixSocketTransport> unixSockets, ObjectProvider<UnixNettyChannels> unixChannels,
					ObjectProvider<ChannelCredentialsProvider> credentials) {
				return new GrpcClientFastPathCustomizer(fastPath, transports, properties, environment,
						unixSockets.getIfAvailable(), unixChannels, credentials);
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass({ ServerBuilderCustomizer.class, GrpcServerProperties.class, NettyServerBuilder.class })
		@ConditionalOnBean(GrpcServerProperties.class)
		// The server side is the socket option's only: the AF_UNIX transport has no
		// gRPC listener.
		@ConditionalOnBooleanProperty("loopback.fastpath.enabled")
		static class GrpcNettyServerConfiguration {

			@Bean
			GrpcServerFastPath grpcServerFastPath(LoopbackFastPath fastPath, FastPathGrpcTransports transports,
					GrpcServerProperties properties) {
				return new GrpcServerFastPath(fastPath, transports, properties);
			}

		}

	}

}
