package io.github.loopbackfastpath.grpc.autoconfigure;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.grpc.FastPathGrpcTransports;
import io.grpc.netty.NettyChannelBuilder;

import org.springframework.boot.grpc.client.autoconfigure.GrpcClientProperties;
import org.springframework.core.Ordered;
import org.springframework.core.env.PropertyResolver;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;

/**
 * Switches every channel that Spring Boot's {@code NettyGrpcChannelFactory} creates for a TCP
 * target to fast-path NIO channels, before it connects. Runs first among the channel builder
 * customizers, so that a customizer of the application that sets its own channel type and event
 * loops still wins for its channels.
 * <p>
 * A {@code unix:} target is left as Spring gRPC builds it (an epoll domain socket channel): it
 * does not use TCP at all. Where the fast path would not be applied anyway (platform without it,
 * {@code loopback.fastpath.client.enabled=false}) every channel keeps grpc-netty's own transport,
 * which is epoll on Linux.
 */
final class GrpcClientFastPathCustomizer implements GrpcChannelBuilderCustomizer<NettyChannelBuilder>, Ordered {

	private final LoopbackFastPath fastPath;

	private final FastPathGrpcTransports transports;

	private final GrpcClientProperties properties;

	private final PropertyResolver propertyResolver;

	GrpcClientFastPathCustomizer(LoopbackFastPath fastPath, FastPathGrpcTransports transports,
			GrpcClientProperties properties, PropertyResolver propertyResolver) {
		this.fastPath = fastPath;
		this.transports = transports;
		this.properties = properties;
		this.propertyResolver = propertyResolver;
	}

	@Override
	public void customize(String target, NettyChannelBuilder builder) {
		if (this.fastPath.clientSkip() != null || isDomainSocket(target)) {
			return;
		}
		this.transports.client(builder, GrpcFastPathAutoConfiguration.GRPC_CLIENT);
	}

	/**
	 * Whether a channel name or target resolves to a Unix domain socket, the way Spring Boot's
	 * virtual targets resolve it: a configured channel's {@code target}, else the target itself.
	 */
	private boolean isDomainSocket(String target) {
		GrpcClientProperties.Channel channel = this.properties.getChannel().get(target);
		String resolved = (channel != null) ? channel.getTarget() : target;
		return this.propertyResolver.resolvePlaceholders(resolved).startsWith("unix:");
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
