package io.github.loopbackfastpath.netty;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.netty.channel.ChannelFactory;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Channel factories for any Netty {@code Bootstrap} or {@code ServerBootstrap}, and for
 * libraries built on them (gRPC-Java's {@code NettyChannelBuilder.channelFactory(...)}
 * and {@code NettyServerBuilder.channelFactory(...)}, Redis and database drivers): the
 * channels are Netty's NIO channels, offered the loopback fast path before they connect
 * or bind, with outcomes recorded under the component name you choose.
 * <p>
 * Use them with an NIO event loop group ({@code NioIoHandler}), which is what Netty uses
 * on Windows. Elsewhere they work the same and the status reports the platform as
 * unsupported. <pre class="code">
 * FastPathNettyChannels channels = new FastPathNettyChannels(fastPath);
 * new Bootstrap().group(nioGroup).channelFactory(channels.clientChannelFactory("redis"))...
 * </pre>
 */
public final class FastPathNettyChannels {

	private final LoopbackFastPath fastPath;

	/**
	 * Creates the factories' source.
	 * @param fastPath the fast path (the application's bean, or
	 * {@link LoopbackFastPath#create()} without Spring)
	 */
	public FastPathNettyChannels(LoopbackFastPath fastPath) {
		this.fastPath = fastPath;
	}

	/**
	 * A factory of client channels.
	 * @param component the component name their outcomes are recorded under
	 * @return the factory
	 */
	public ChannelFactory<NioSocketChannel> clientChannelFactory(String component) {
		return () -> new FastPathNioSocketChannel(this.fastPath, component);
	}

	/**
	 * A factory of server channels.
	 * @param component the component name their listeners are recorded under
	 * @return the factory
	 */
	public ChannelFactory<NioServerSocketChannel> serverChannelFactory(String component) {
		return () -> new FastPathNioServerSocketChannel(this.fastPath, component);
	}

}
