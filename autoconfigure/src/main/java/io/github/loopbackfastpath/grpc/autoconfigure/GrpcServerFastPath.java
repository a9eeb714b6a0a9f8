package io.github.loopbackfastpath.grpc.autoconfigure;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.grpc.FastPathGrpcTransports;
import io.github.loopbackfastpath.policy.SkipReason;
import io.grpc.netty.NettyServerBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.core.Ordered;
import org.springframework.grpc.server.ServerBuilderCustomizer;

/**
 * Switches Spring Boot's Netty gRPC server to a fast-path NIO listening channel, offered
 * the fast path before it binds and recorded as a {@code grpc-server} listener. Runs
 * first among the server builder customizers, so that a customizer of the application
 * that sets its own channel type and event loops still wins. A server on a Unix domain
 * socket is left as Spring gRPC builds it (epoll); where nothing would be applied
 * (platform without the fast path, {@code loopback.fastpath.server.enabled=false})
 * grpc-netty's own transport stays, and {@link GrpcServerListenerReport} reports the
 * listener with the reason.
 */
final class GrpcServerFastPath implements ServerBuilderCustomizer<NettyServerBuilder>, Ordered {

	private final LoopbackFastPath fastPath;

	private final FastPathGrpcTransports transports;

	private final GrpcServerProperties properties;

	private volatile boolean customized;

	private volatile @Nullable SkipReason skip;

	GrpcServerFastPath(LoopbackFastPath fastPath, FastPathGrpcTransports transports, GrpcServerProperties properties) {
		this.fastPath = fastPath;
		this.transports = transports;
		this.properties = properties;
	}

	@Override
	public void customize(NettyServerBuilder builder) {
		this.customized = true;
		if (isDomainSocket()) {
			// Spring gRPC builds an epoll domain socket server for it: no TCP, nothing
			// to apply.
			return;
		}
		InetAddress address = this.properties.getAddress();
		SkipReason skip = this.fastPath.listenerSkip((address != null) ? new InetSocketAddress(address, 0) : null);
		this.skip = skip;
		if (skip == null) {
			this.transports.server(builder, GrpcFastPathAutoConfiguration.GRPC_SERVER);
		}
	}

	/**
	 * Whether Spring Boot listens on a Unix domain socket, decided as Spring Boot decides
	 * it: the transport if set, else a domain socket path without an address or port.
	 */
	private boolean isDomainSocket() {
		GrpcServerProperties.Netty netty = this.properties.getNetty();
		if (netty.getTransport() != null) {
			return netty.getTransport() == GrpcServerProperties.Netty.Transport.DOMAIN_SOCKET;
		}
		return this.properties.getAddress() == null && this.properties.getPort() == null
				&& netty.getDomainSocketPath() != null;
	}

	/**
	 * Whether a grpc-netty server builder has been customized here.
	 * @return whether this customizer ran
	 */
	boolean customized() {
		return this.customized;
	}

	/**
	 * Why the TCP listener of the grpc-netty server was not hooked.
	 * @return the reason, or {@code null} when it was hooked (or is not TCP)
	 */
	@Nullable SkipReason skip() {
		return this.skip;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
