package io.github.loopbackfastpath.grpc.autoconfigure;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.grpc.FastPathGrpcTransports;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.grpc.netty.NettyChannelBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.grpc.client.autoconfigure.GrpcClientProperties;
import org.springframework.core.Ordered;
import org.springframework.core.env.PropertyResolver;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;

/**
 * Switches every channel that Spring Boot's {@code NettyGrpcChannelFactory} creates for a
 * TCP target to fast-path NIO channels, before it connects. Runs first among the channel
 * builder customizers, so that a customizer of the application that sets its own channel
 * type and event loops still wins for its channels.
 * <p>
 * A {@code unix:} target is left as Spring gRPC builds it (an epoll domain socket
 * channel): it does not use TCP at all. Where the fast path would not be applied anyway
 * (platform without it, {@code loopback.fastpath.client.enabled=false}) every channel
 * keeps grpc-netty's own transport, which is epoll on Linux.
 * <p>
 * The Unix-socket routes ({@code loopback.fastpath.unix.routes}) are not applied to gRPC
 * channels: a channel's target and its channel type are fixed when Spring gRPC creates
 * the builder, and a route's fallback to TCP would have to switch both per connection.
 * Where routes are configured, {@code grpc-client} is reported as not covered by them,
 * with the {@code unix:} target to use instead.
 */
final class GrpcClientFastPathCustomizer implements GrpcChannelBuilderCustomizer<NettyChannelBuilder>, Ordered {

	static final String ROUTES_NOT_APPLIED = "Unix-socket routes are not applied to gRPC channels: a channel to a "
			+ "routed loopback port goes over TCP; give the channel a unix: target instead "
			+ "(spring.grpc.client.channel.<name>.target=unix:<socket path>, epoll on Linux, kqueue on macOS)";

	private final LoopbackFastPath fastPath;

	private final FastPathGrpcTransports transports;

	private final GrpcClientProperties properties;

	private final PropertyResolver propertyResolver;

	private final @Nullable UnixSocketTransport unixSockets;

	GrpcClientFastPathCustomizer(LoopbackFastPath fastPath, FastPathGrpcTransports transports,
			GrpcClientProperties properties, PropertyResolver propertyResolver,
			@Nullable UnixSocketTransport unixSockets) {
		this.fastPath = fastPath;
		this.transports = transports;
		this.properties = properties;
		this.propertyResolver = propertyResolver;
		this.unixSockets = unixSockets;
	}

	@Override
	public void customize(String target, NettyChannelBuilder builder) {
		if (isDomainSocket(target)) {
			return;
		}
		UnixSocketTransport unixSockets = this.unixSockets;
		if (unixSockets != null) {
			// Recorded only where routes are configured.
			unixSockets.notCovered(GrpcFastPathAutoConfiguration.GRPC_CLIENT, ROUTES_NOT_APPLIED);
		}
		if (this.fastPath.clientSkip() != null) {
			return;
		}
		this.transports.client(builder, GrpcFastPathAutoConfiguration.GRPC_CLIENT);
	}

	/**
	 * Whether a channel name or target resolves to a Unix domain socket, the way Spring
	 * Boot's virtual targets resolve it: a configured channel's {@code target}, else the
	 * target itself.
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
