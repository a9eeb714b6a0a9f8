package io.github.loopbackfastpath.grpc;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.netty.FastPathNettyChannels;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * Puts gRPC-Java's Netty transport ({@code io.grpc:grpc-netty}) on the loopback fast
 * path: a channel or server builder gets {@link FastPathNettyChannels fast-path NIO
 * channels}, offered the fast path before they connect or bind, and the NIO event loops
 * those channels need (gRPC-Java accepts a channel type only together with matching event
 * loops).
 * <p>
 * One event loop group, created on first use, serves every builder it is given, clients
 * and servers alike; {@link #close()} shuts it down, after the channels and servers that
 * use it, for good. grpc-netty-shaded relocates Netty into
 * {@code io.grpc.netty.shaded.io.netty}, so its builders cannot take these channels.
 */
public final class FastPathGrpcTransports implements AutoCloseable {

	private final FastPathNettyChannels channels;

	private final Object monitor = new Object();

	private @Nullable EventLoopGroup eventLoops;

	private boolean closed;

	/**
	 * Creates the transports.
	 * @param fastPath the fast path
	 */
	public FastPathGrpcTransports(LoopbackFastPath fastPath) {
		this.channels = new FastPathNettyChannels(fastPath);
	}

	/**
	 * Switches a channel builder to fast-path NIO channels.
	 * @param builder a builder for a TCP target (not a Unix domain socket)
	 * @param component the component name outcomes are recorded under
	 * @return the builder
	 */
	public NettyChannelBuilder client(NettyChannelBuilder builder, String component) {
		return client(builder, clientChannelFactory(component));
	}

	/**
	 * Switches a channel builder to NIO channels of the caller's factory, on the same
	 * event loops: for channels that are chosen per connection, such as those of a
	 * Unix-socket route ({@code UnixNettyChannels.channelFactory}).
	 * @param builder a builder for a TCP target (not a Unix domain socket)
	 * @param channels a factory of channels for an NIO event loop group
	 * @return the builder
	 */
	public NettyChannelBuilder client(NettyChannelBuilder builder, ChannelFactory<? extends Channel> channels) {
		return builder.channelFactory(channels, InetSocketAddress.class).eventLoopGroup(eventLoops());
	}

	/**
	 * The channels {@link #client(NettyChannelBuilder, String)} gives a builder:
	 * fast-path NIO channels.
	 * @param component the component name outcomes are recorded under
	 * @return the factory
	 */
	public ChannelFactory<NioSocketChannel> clientChannelFactory(String component) {
		return this.channels.clientChannelFactory(component);
	}

	/**
	 * Switches a server builder to a fast-path NIO listening channel.
	 * @param builder a builder for a TCP address (not a Unix domain socket)
	 * @param component the component name its listeners are recorded under
	 * @return the builder
	 */
	public NettyServerBuilder server(NettyServerBuilder builder, String component) {
		EventLoopGroup eventLoops = eventLoops();
		return builder.channelFactory(this.channels.serverChannelFactory(component))
			.bossEventLoopGroup(eventLoops)
			.workerEventLoopGroup(eventLoops);
	}

	private EventLoopGroup eventLoops() {
		synchronized (this.monitor) {
			if (this.closed) {
				// A builder configured after close() would get loops that nothing shuts
				// down: the threads are daemons, but they would outlive the context.
				throw new IllegalStateException("The gRPC transports of the loopback fast path are closed");
			}
			EventLoopGroup eventLoops = this.eventLoops;
			if (eventLoops == null) {
				// Netty's default thread count, daemon threads as gRPC-Java's own
				// shared groups.
				eventLoops = new MultiThreadIoEventLoopGroup(0,
						new DefaultThreadFactory("loopback-fastpath-grpc", true), NioIoHandler.newFactory());
				this.eventLoops = eventLoops;
			}
			return eventLoops;
		}
	}

	/**
	 * Shuts the event loops down, if they were created, and waits for them to stop. The
	 * transports cannot be used afterwards: builders given to them then fail with an
	 * {@link IllegalStateException}.
	 */
	@Override
	public void close() {
		EventLoopGroup eventLoops;
		synchronized (this.monitor) {
			this.closed = true;
			eventLoops = this.eventLoops;
			this.eventLoops = null;
		}
		if (eventLoops != null) {
			eventLoops.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
		}
	}

}
