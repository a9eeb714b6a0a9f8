package io.github.loopbackfastpath.unix.netty;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

import io.github.loopbackfastpath.unix.UnixPeer;
import io.github.loopbackfastpath.unix.UnixRoute;
import io.github.loopbackfastpath.unix.UnixSocketPeerException;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.nio.NioChannelOption;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import io.netty.util.concurrent.Promise;
import org.jspecify.annotations.Nullable;

/**
 * The peer of a Netty Unix-domain channel, on whichever transport it runs: the JDK's
 * {@code SO_PEERCRED} for NIO channels, Netty's {@code peerCredentials()} for the native
 * ones (epoll, kqueue), and the check of a route's expected peer made between a channel's
 * connect and the completion of its connect future, so that nothing is written to a
 * connection whose peer is refused.
 */
public final class NettyUnixPeers {

	private static final ChannelOption<UnixDomainPrincipal> PEER_CREDENTIALS = NioChannelOption
		.of(ExtendedSocketOptions.SO_PEERCRED);

	private NettyUnixPeers() {
	}

	/**
	 * Reads the peer of a connected Unix-domain channel.
	 * @param channel the channel
	 * @return the peer
	 * @throws IOException when the transport cannot tell it
	 */
	public static UnixPeer read(Channel channel) throws IOException {
		if (channel instanceof RoutedDomainSocketChannel routed) {
			return UnixPeer.of(routed.peer());
		}
		UnixDomainPrincipal principal = channel.config().getOption(PEER_CREDENTIALS);
		if (principal != null) {
			return UnixPeer.of(principal);
		}
		// Netty's native domain-socket channels (epoll, kqueue) have a public
		// peerCredentials(); its type is in a jar an NIO-only application may not have.
		try {
			Method peerCredentials = channel.getClass().getMethod("peerCredentials");
			Object credentials = peerCredentials.invoke(channel);
			int uid = (Integer) credentials.getClass().getMethod("uid").invoke(credentials);
			int[] gids = (int[]) credentials.getClass().getMethod("gids").invoke(credentials);
			return UnixPeer.of(uid, (gids.length > 0) ? gids[0] : -1);
		}
		catch (NoSuchMethodException ex) {
			throw new IOException(channel.getClass().getName() + " does not tell its peer");
		}
		catch (InvocationTargetException ex) {
			throw (ex.getCause() instanceof IOException io) ? io
					: new IOException("The peer of the channel could not be read", ex.getCause());
		}
		catch (ReflectiveOperationException | ClassCastException ex) {
			throw new IOException("The peer of the channel could not be read", ex);
		}
	}

	/**
	 * Checks the peer of a channel that has just connected on a route
	 * ({@link UnixRoute#checkPeer}); a refused one fails the connection's future and
	 * closes the channel, before anything is written to it.
	 * @param route the route
	 * @param channel the connected channel
	 * @param connection the future of the connection, failed when the peer is refused
	 * @return whether the peer was refused
	 */
	static boolean refused(UnixRoute route, Channel channel, Promise<?> connection) {
		try {
			route.checkPeer(() -> read(channel));
			return false;
		}
		catch (UnixSocketPeerException ex) {
			connection.tryFailure(ex);
			channel.close();
			return true;
		}
	}

	/**
	 * Whether a route of the transport expects a peer.
	 * @param transport the routes
	 * @return whether any connection needs its peer checked
	 */
	static boolean checksPeers(UnixSocketTransport transport) {
		return transport.routes().values().stream().anyMatch((route) -> route.expectedPeer() != null);
	}

	/**
	 * The route whose socket a Unix-domain address names, when that route expects a peer.
	 * @param transport the routes
	 * @param remote the address a channel connects to
	 * @return the route, or {@code null} when there is none or it checks no peer
	 */
	static @Nullable UnixRoute checkedRoute(UnixSocketTransport transport, @Nullable SocketAddress remote) {
		Path path = pathOf(remote);
		if (path == null) {
			return null;
		}
		for (UnixRoute route : transport.routes().values()) {
			if (route.expectedPeer() != null && route.path().equals(path)) {
				return route;
			}
		}
		return null;
	}

	private static @Nullable Path pathOf(@Nullable SocketAddress remote) {
		if (remote instanceof UnixDomainSocketAddress unix) {
			return unix.getPath();
		}
		if (remote != null && remote.getClass().getName().equals("io.netty.channel.unix.DomainSocketAddress")) {
			// Its toString() is the path (Netty 4.1 and 4.2).
			return Path.of(remote.toString());
		}
		return null;
	}

	/**
	 * Checks a route's expected peer on a channel when it connects, and fails the connect
	 * instead of completing it when the peer is refused.
	 * @param channel a channel that is not connected yet
	 * @param route the route it connects to
	 */
	static void checkOnConnect(Channel channel, UnixRoute route) {
		if (route.expectedPeer() != null) {
			channel.pipeline().addFirst(new PeerCheck(route));
		}
	}

	/**
	 * Connects a channel from one of its handlers through a connect future of its own,
	 * which {@code then} completes the caller's {@code promise} from: a cancelled promise
	 * cancels the connect.
	 * @param context the handler's context
	 * @param remote where to connect
	 * @param local the local address, or {@code null}
	 * @param promise the caller's connect future
	 * @param then decides the caller's future once the connect is done
	 */
	static void connectThen(ChannelHandlerContext context, SocketAddress remote, @Nullable SocketAddress local,
			ChannelPromise promise, ChannelFutureListener then) {
		ChannelPromise attempt = context.newPromise();
		attempt.addListener(then);
		promise.addListener((ChannelFuture done) -> {
			if (done.isCancelled()) {
				attempt.cancel(false);
			}
		});
		context.connect(remote, local, attempt);
	}

	/**
	 * Completes the connect future only once the connected channel's peer is accepted;
	 * then leaves the pipeline.
	 */
	private static final class PeerCheck extends ChannelOutboundHandlerAdapter {

		private final UnixRoute route;

		PeerCheck(UnixRoute route) {
			this.route = route;
		}

		@Override
		public void connect(ChannelHandlerContext context, SocketAddress remote, @Nullable SocketAddress local,
				ChannelPromise promise) {
			context.pipeline().remove(this);
			Channel channel = context.channel();
			connectThen(context, remote, local, promise, (done) -> {
				if (!done.isSuccess()) {
					promise.tryFailure(done.cause());
					return;
				}
				if (!refused(this.route, channel, promise)) {
					promise.trySuccess();
				}
			});
		}

	}

}
