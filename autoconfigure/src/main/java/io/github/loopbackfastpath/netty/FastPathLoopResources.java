package io.github.loopbackfastpath.netty;

import java.time.Duration;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.policy.SkipReason;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Reactor Netty {@link LoopResources} that hand out fast-path channels. Every channel
 * Reactor Netty creates comes from {@link #onChannel}; where the delegate would create
 * Netty's NIO TCP channel (always on Windows), this returns the fast-path subclass
 * instead. Event loops, and every other channel type, are the delegate's.
 * <p>
 * On Linux, Reactor Netty prefers epoll or io_uring, whose channels have no JDK socket to
 * configure; those are left as they are and client connections are recorded as skipped
 * with {@link SkipReason#NATIVE_TRANSPORT}.
 */
public final class FastPathLoopResources implements LoopResources {

	private final LoopResources delegate;

	private final LoopbackFastPath fastPath;

	private final String component;

	/**
	 * Wraps loop resources.
	 * @param delegate the loop resources to take event loops and other channels from
	 * @param fastPath the fast path
	 * @param component the component name outcomes are recorded under
	 */
	public FastPathLoopResources(LoopResources delegate, LoopbackFastPath fastPath, String component) {
		this.delegate = delegate;
		this.fastPath = fastPath;
		this.component = component;
	}

	@Override
	public <CHANNEL extends Channel> CHANNEL onChannel(Class<CHANNEL> channelType, EventLoopGroup group) {
		if (channelType != SocketChannel.class && channelType != ServerSocketChannel.class) {
			// Unix-domain channels, for one: Reactor Netty 1.3's epoll loops create them
			// (DefaultLoopEpoll.getChannel) but do not name their class
			// (getChannelClass throws), and there is no TCP stack to offer the fast path.
			return this.delegate.onChannel(channelType, group);
		}
		Class<? extends CHANNEL> channelClass = this.delegate.onChannelClass(channelType, group);
		if (channelType == SocketChannel.class && channelClass == NioSocketChannel.class) {
			return channelType.cast(new FastPathNioSocketChannel(this.fastPath, this.component));
		}
		if (channelType == ServerSocketChannel.class && channelClass == NioServerSocketChannel.class) {
			return channelType.cast(new FastPathNioServerSocketChannel(this.fastPath, this.component));
		}
		if (channelType == SocketChannel.class) {
			this.fastPath.skip(this.component, null, SkipReason.NATIVE_TRANSPORT, true);
		}
		return this.delegate.onChannel(channelType, group);
	}

	@Override
	public <CHANNEL extends Channel> Class<? extends CHANNEL> onChannelClass(Class<CHANNEL> channelType,
			EventLoopGroup group) {
		return this.delegate.onChannelClass(channelType, group);
	}

	@Override
	public EventLoopGroup onServer(boolean useNative) {
		return this.delegate.onServer(useNative);
	}

	@Override
	public EventLoopGroup onClient(boolean useNative) {
		return this.delegate.onClient(useNative);
	}

	@Override
	public EventLoopGroup onServerSelect(boolean useNative) {
		return this.delegate.onServerSelect(useNative);
	}

	@Override
	public boolean daemon() {
		return this.delegate.daemon();
	}

	@Override
	public void dispose() {
		this.delegate.dispose();
	}

	@Override
	public boolean isDisposed() {
		return this.delegate.isDisposed();
	}

	@Override
	public Mono<Void> disposeLater() {
		return this.delegate.disposeLater();
	}

	@Override
	public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
		return this.delegate.disposeLater(quietPeriod, timeout);
	}

	/**
	 * The wrapped loop resources.
	 * @return the delegate
	 */
	public LoopResources delegate() {
		return this.delegate;
	}

}
