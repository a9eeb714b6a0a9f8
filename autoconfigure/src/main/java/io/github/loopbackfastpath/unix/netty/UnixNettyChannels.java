package io.github.loopbackfastpath.unix.netty;

import java.net.SocketAddress;

import io.github.loopbackfastpath.unix.UnixRoute;
import io.github.loopbackfastpath.unix.UnixRouteAvailability;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.github.loopbackfastpath.unix.UnixSocketUnavailableException;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.BootstrapConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import org.jspecify.annotations.Nullable;

/**
 * The routes for any Netty {@link Bootstrap} on an NIO event loop group
 * ({@code NioIoHandler}), and for libraries built on one: {@link #connect} connects a
 * routed loopback destination over its Unix socket (an NIO channel on the JDK's AF_UNIX
 * support) and everything else as the bootstrap would, with the fallback or failure that
 * {@code on-unavailable} says. The pipeline is the bootstrap's own: the protocol is the
 * same over either socket. <pre class="code">
 * Channel channel = new UnixNettyChannels(transport).connect(bootstrap, new InetSocketAddress("127.0.0.1", 15001)).sync().getNow();
 * </pre> Libraries that create each connection's channel themselves and connect it at
 * once, such as gRPC-Java's Netty transport, take a {@link #channelFactory channel
 * factory} for a route instead.
 */
public final class UnixNettyChannels {

	private final UnixSocketTransport transport;

	/**
	 * Creates the support.
	 * @param transport the routes
	 */
	public UnixNettyChannels(UnixSocketTransport transport) {
		this.transport = transport;
	}

	/**
	 * Connects where the routes say.
	 * @param bootstrap a bootstrap with an NIO group and its handler, for TCP; not
	 * changed
	 * @param remote the TCP destination
	 * @return the connected channel: over the route's Unix socket, or over TCP for an
	 * unrouted destination or after a fallback; failed with a
	 * {@link UnixSocketUnavailableException} with {@code on-unavailable=fail}
	 */
	public Future<Channel> connect(Bootstrap bootstrap, SocketAddress remote) {
		Promise<Channel> result = bootstrap.config().group().next().newPromise();
		UnixRoute route = this.transport.route(remote);
		if (route == null) {
			complete(result, bootstrap.connect(remote));
		}
		else if (!UnixRouteAvailability.isPresent(route)) {
			fallBack(result, bootstrap, remote, route, UnixRouteAvailability.missing(route));
		}
		else {
			unixBootstrap(bootstrap).connect(route.address()).addListener((ChannelFuture attempt) -> {
				if (attempt.isSuccess()) {
					if (NettyUnixPeers.refused(route, attempt.channel(), result)) {
						return;
					}
					route.connectionOpened();
					result.trySuccess(attempt.channel());
				}
				else if (UnixRouteAvailability.isUnavailableOnConnect(route, attempt.cause())) {
					fallBack(result, bootstrap, remote, route, attempt.cause());
				}
				else {
					result.tryFailure(attempt.cause());
				}
			});
		}
		return result;
	}

	/**
	 * A channel factory for the connections of a client whose destination is on a route,
	 * for libraries that create each connection's channel with it and connect that
	 * channel right away (gRPC-Java's {@code NettyChannelBuilder.channelFactory}): each
	 * channel is chosen when it is created, as the routes say at that moment. With the
	 * route's socket file there, it is an NIO Unix-domain channel that connects to the
	 * socket whatever TCP address it is asked to connect to, and counts the connection.
	 * With the socket missing, it is a TCP channel from {@code tcp} (a fallback,
	 * counted), or, with {@code on-unavailable=fail}, a channel whose connect fails
	 * naming the path.
	 * <p>
	 * A channel cannot switch to TCP once it is created: when the socket file is there
	 * but refuses (a stale socket that nobody listens on), that connection fails, naming
	 * the path, and is counted as a failure; the next connections of the factory go over
	 * TCP (or fail, with {@code on-unavailable=fail}) until the file is replaced.
	 * @param route the route of every destination the client connects to
	 * @param tcp the factory of TCP channels for the same NIO event loop group
	 * @return the factory
	 */
	public ChannelFactory<Channel> channelFactory(UnixRoute route, ChannelFactory<? extends Channel> tcp) {
		return () -> {
			UnixRouteAvailability.SocketFile file;
			try {
				file = this.transport.availability().beforeConnect(route);
			}
			catch (UnixSocketUnavailableException ex) {
				return withFirst(new FailConnect(ex));
			}
			return (file != null) ? withFirst(new ConnectToSocket(this.transport, route, file)) : tcp.newChannel();
		};
	}

	private static Channel withFirst(ChannelHandler handler) {
		Channel channel = routedChannel();
		channel.pipeline().addFirst(handler);
		return channel;
	}

	/**
	 * A channel for a route, with a send buffer like TCP's ({@link RouteSendBuffer}); the
	 * options of the bootstrap or library, applied after, replace it.
	 */
	private static Channel routedChannel() {
		Channel channel = new RoutedDomainSocketChannel();
		RouteSendBuffer.apply(channel);
		return channel;
	}

	/**
	 * The bootstrap on a Unix-domain channel: Netty does not let a bootstrap's channel
	 * factory be replaced, so its group, handler, options and attributes are copied to a
	 * new one. Options that only TCP has are accepted and ignored by the channel (see
	 * {@link RoutedDomainSocketChannel}: Netty's own logs a WARN for each).
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Bootstrap unixBootstrap(Bootstrap bootstrap) {
		BootstrapConfig config = bootstrap.config();
		Bootstrap unix = new Bootstrap().group(config.group()).channelFactory(UnixNettyChannels::routedChannel);
		ChannelHandler handler = config.handler();
		if (handler != null) {
			unix.handler(handler);
		}
		config.options().forEach((option, value) -> unix.option((ChannelOption) option, value));
		config.attrs().forEach((key, value) -> unix.attr((AttributeKey) key, value));
		return unix;
	}

	private void fallBack(Promise<Channel> result, Bootstrap bootstrap, SocketAddress remote, UnixRoute route,
			Throwable cause) {
		try {
			this.transport.availability().unavailable(route, cause);
		}
		catch (UnixSocketUnavailableException ex) {
			result.tryFailure(ex);
			return;
		}
		complete(result, bootstrap.connect(remote));
	}

	private static void complete(Promise<Channel> result, ChannelFuture connect) {
		connect.addListener((ChannelFuture done) -> {
			if (done.isSuccess()) {
				result.trySuccess(done.channel());
			}
			else {
				result.tryFailure(done.cause());
			}
		});
	}

	/**
	 * Connects its channel to the route's socket instead of the TCP address it is given,
	 * then leaves the pipeline.
	 */
	private static final class ConnectToSocket extends ChannelOutboundHandlerAdapter {

		private final UnixSocketTransport transport;

		private final UnixRoute route;

		private final UnixRouteAvailability.SocketFile file;

		ConnectToSocket(UnixSocketTransport transport, UnixRoute route, UnixRouteAvailability.SocketFile file) {
			this.transport = transport;
			this.route = route;
			this.file = file;
		}

		@Override
		public void connect(ChannelHandlerContext context, SocketAddress remote, @Nullable SocketAddress local,
				ChannelPromise promise) {
			context.pipeline().remove(this);
			// A local address the client picked is an address of a network interface: it
			// does not apply to a Unix socket.
			NettyUnixPeers.connectThen(context, this.route.address(), null, promise, (done) -> {
				if (done.isSuccess()) {
					if (NettyUnixPeers.refused(this.route, context.channel(), promise)) {
						return;
					}
					this.route.connectionOpened();
					promise.trySuccess();
				}
				else if (UnixRouteAvailability.isUnavailableOnConnect(this.route, done.cause())) {
					promise.tryFailure(this.transport.availability().refused(this.route, this.file, done.cause()));
				}
				else {
					promise.tryFailure(done.cause());
				}
			});
		}

	}

	/**
	 * Fails the connect of its channel: the route's socket is unavailable and
	 * {@code on-unavailable=fail}.
	 */
	private static final class FailConnect extends ChannelOutboundHandlerAdapter {

		private final UnixSocketUnavailableException failure;

		FailConnect(UnixSocketUnavailableException failure) {
			this.failure = failure;
		}

		@Override
		public void connect(ChannelHandlerContext context, SocketAddress remote, @Nullable SocketAddress local,
				ChannelPromise promise) {
			promise.tryFailure(this.failure);
			// As Netty does after a failed connect.
			context.close();
		}

	}

}
