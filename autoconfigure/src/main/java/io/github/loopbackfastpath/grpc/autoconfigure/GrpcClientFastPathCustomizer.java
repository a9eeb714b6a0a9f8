package io.github.loopbackfastpath.grpc.autoconfigure;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.grpc.FastPathGrpcTransports;
import io.github.loopbackfastpath.unix.netty.UnixNettyChannels;
import io.github.loopbackfastpath.unix.UnixRoute;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.grpc.InsecureChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientProperties;
import org.springframework.core.Ordered;
import org.springframework.core.env.PropertyResolver;
import org.springframework.grpc.client.ChannelCredentialsProvider;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;

/**
 * Switches every channel that Spring Boot's {@code NettyGrpcChannelFactory} creates for a
 * TCP target to fast-path NIO channels, before it connects, and a channel to a routed
 * loopback port ({@code loopback.fastpath.unix.routes}) to the route's Unix socket. Runs
 * first among the channel builder customizers, so that a customizer of the application
 * that sets its own channel type and event loops still wins for its channels (and takes
 * them off the fast path and the routes).
 * <p>
 * A {@code unix:} target is left as Spring gRPC builds it (an epoll domain socket
 * channel): it does not use TCP at all. Where the fast path would not be applied anyway
 * (platform without it, {@code loopback.fastpath.client.enabled=false}) every unrouted
 * channel keeps grpc-netty's own transport, which is epoll on Linux.
 * <p>
 * A channel is routed when its target, as Spring Boot resolves it, is {@code host:port}
 * (also with {@code static://}, {@code tcp://} or {@code dns:///} before it) with a
 * loopback host ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}) and a routed port,
 * and its credentials are plaintext: TLS stays on TCP, as {@code https} URLs do. Its
 * channels then come from {@link UnixNettyChannels#channelFactory}, which chooses per
 * connection between the socket and TCP (with the fast path where it applies), on NIO
 * event loops.
 */
final class GrpcClientFastPathCustomizer implements GrpcChannelBuilderCustomizer<NettyChannelBuilder>, Ordered {

	static final String NO_NIO_DOMAIN_SOCKETS = "Unix-socket routes are not applied to gRPC channels: Netty's "
			+ "NioDomainSocketChannel is not on the class path, so a channel to a routed loopback port goes over TCP; "
			+ "use Netty 4.2 (the version Spring Boot manages), or a unix: channel target "
			+ "(spring.grpc.client.channel.<name>.target=unix:<socket path>)";

	private static final String DNS = "dns:///";

	private final LoopbackFastPath fastPath;

	private final FastPathGrpcTransports transports;

	private final GrpcClientProperties properties;

	private final PropertyResolver propertyResolver;

	private final @Nullable UnixSocketTransport unixSockets;

	private final ObjectProvider<UnixNettyChannels> unixChannels;

	private final ObjectProvider<ChannelCredentialsProvider> credentials;

	GrpcClientFastPathCustomizer(LoopbackFastPath fastPath, FastPathGrpcTransports transports,
			GrpcClientProperties properties, PropertyResolver propertyResolver,
			@Nullable UnixSocketTransport unixSockets, ObjectProvider<UnixNettyChannels> unixChannels,
			ObjectProvider<ChannelCredentialsProvider> credentials) {
		this.fastPath = fastPath;
		this.transports = transports;
		this.properties = properties;
		this.propertyResolver = propertyResolver;
		this.unixSockets = unixSockets;
		this.unixChannels = unixChannels;
		this.credentials = credentials;
	}

	@Override
	public void customize(String target, NettyChannelBuilder builder) {
		String resolved = resolve(target);
		if (resolved.startsWith("unix:")) {
			return;
		}
		boolean fastPath = this.fastPath.clientSkip() == null;
		UnixRoute route = route(target, resolved);
		if (route != null) {
			UnixNettyChannels unixChannels = this.unixChannels.getIfAvailable();
			if (unixChannels != null) {
				ChannelFactory<? extends Channel> tcp = fastPath
						? this.transports.clientChannelFactory(GrpcFastPathAutoConfiguration.GRPC_CLIENT)
						: NioSocketChannel::new;
				this.transports.client(builder, unixChannels.channelFactory(route, tcp));
				return;
			}
			UnixSocketTransport unixSockets = this.unixSockets;
			if (unixSockets != null) {
				unixSockets.coverage().notCovered(GrpcFastPathAutoConfiguration.GRPC_CLIENT, NO_NIO_DOMAIN_SOCKETS);
			}
		}
		if (fastPath) {
			this.transports.client(builder, GrpcFastPathAutoConfiguration.GRPC_CLIENT);
		}
	}

	/**
	 * A channel name or target resolved the way Spring Boot's virtual targets resolve it:
	 * a configured channel's {@code target} (the {@code default} channel has one even
	 * when not configured), else the target itself, with placeholders resolved.
	 */
	private String resolve(String target) {
		GrpcClientProperties.Channel channel = this.properties.getChannel().get(target);
		if (channel == null && target.equals("default")) {
			channel = new GrpcClientProperties.Channel();
		}
		return this.propertyResolver.resolvePlaceholders((channel != null) ? channel.getTarget() : target);
	}

	/**
	 * The route of a resolved target, or {@code null} when it has none or is not
	 * plaintext.
	 */
	private @Nullable UnixRoute route(String target, String resolved) {
		UnixSocketTransport unixSockets = this.unixSockets;
		if (unixSockets == null || unixSockets.routes().isEmpty()) {
			return null;
		}
		InetSocketAddress address = address(resolved);
		if (address == null) {
			return null;
		}
		UnixRoute route = unixSockets.route(address);
		if (route == null) {
			return null;
		}
		ChannelCredentialsProvider credentials = this.credentials
			.getIfAvailable(() -> ChannelCredentialsProvider.INSECURE);
		return (credentials.getChannelCredentials(target) instanceof InsecureChannelCredentials) ? route : null;
	}

	/**
	 * The host and port of a target that names them: {@code host:port}, with
	 * {@code static:}, {@code tcp:} or {@code dns:///} before it.
	 */
	private static @Nullable InetSocketAddress address(String target) {
		String authority = target;
		if (authority.startsWith("static:") || authority.startsWith("tcp:")) {
			// As Spring Boot cleans them before gRPC sees them.
			authority = authority.substring(authority.indexOf(':') + 1).replaceFirst("^/*", "");
		}
		else if (authority.startsWith(DNS)) {
			authority = authority.substring(DNS.length());
		}
		if (authority.indexOf('/') >= 0) {
			return null;
		}
		try {
			URI uri = new URI("//" + authority);
			String host = uri.getHost();
			return (host != null && uri.getPort() != -1) ? InetSocketAddress.createUnresolved(host, uri.getPort())
					: null;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
