package io.github.loopbackfastpath.unix;

import java.net.SocketAddress;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.BootstrapConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * The routes for any Netty {@link Bootstrap} on an NIO event loop group
 * ({@code NioIoHandler}), and for libraries built on one: {@link #connect} connects a
 * routed loopback destination over its Unix socket (Netty's
 * {@link NioDomainSocketChannel}, on the JDK's AF_UNIX support) and everything else as
 * the bootstrap would, with the fallback or failure that {@code on-unavailable} says. The
 * pipeline is the bootstrap's own: the protocol is the same over either socket.
 * <pre class="code">
 * Channel channel = new UnixNettyChannels(transport).connect(bootstrap, new InetSocketAddress("127.0.0.1", 15001)).sync().getNow();
 * </pre>
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
		else if (!this.transport.isPresent(route)) {
			fallBack(result, bootstrap, remote, route, UnixSocketTransport.missing(route));
		}
		else {
			unixBootstrap(bootstrap).connect(route.address()).addListener((ChannelFuture attempt) -> {
				if (attempt.isSuccess()) {
					route.connectionOpened();
					result.trySuccess(attempt.channel());
				}
				else if (UnixSocketTransport.isUnavailable(attempt.cause())) {
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
	 * The bootstrap on a Unix-domain channel: Netty does not let a bootstrap's channel
	 * factory be replaced, so its group, handler, options and attributes are copied to a
	 * new one. Options that only TCP has are ignored by the channel (and logged by Netty
	 * at DEBUG).
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Bootstrap unixBootstrap(Bootstrap bootstrap) {
		BootstrapConfig config = bootstrap.config();
		Bootstrap unix = new Bootstrap().group(config.group()).channelFactory(NioDomainSocketChannel::new);
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
			this.transport.unavailable(route, cause);
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

}
