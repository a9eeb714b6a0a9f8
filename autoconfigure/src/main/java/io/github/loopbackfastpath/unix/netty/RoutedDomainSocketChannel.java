package io.github.loopbackfastpath.unix.netty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.FileRegion;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.nio.AbstractNioByteChannel;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.jspecify.annotations.Nullable;

/**
 * A client channel on a JDK AF_UNIX {@link SocketChannel} for the NIO event loops, whose
 * config accepts the options that only TCP has ({@code SO_KEEPALIVE},
 * {@code TCP_NODELAY}) and ignores them. A routed connection is asked for them as if it
 * were TCP: gRPC-Java's Netty transport sets {@code SO_KEEPALIVE} on every connection
 * ({@code NettyClientTransport.start}), and a bootstrap copied for a route keeps the TCP
 * options its application set. Netty's own {@code NioDomainSocketChannel} (4.2.18) does
 * not know them, and its bootstrap logs an "Unknown channel option" WARN for each one on
 * every connection; that class is final and its config private, so this one takes its
 * place on routes. Over a Unix socket neither option has anything to do: there are no
 * keep-alive probes and no Nagle delay.
 */
final class RoutedDomainSocketChannel extends AbstractNioByteChannel {

	private final Config config = new Config(this);

	private volatile boolean inputShutdown;

	RoutedDomainSocketChannel() {
		super(null, open());
	}

	private static SocketChannel open() {
		try {
			return SocketChannel.open(StandardProtocolFamily.UNIX);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not open a Unix-domain socket channel", ex);
		}
	}

	@Override
	public ChannelConfig config() {
		return this.config;
	}

	@Override
	protected SocketChannel javaChannel() {
		return (SocketChannel) super.javaChannel();
	}

	@Override
	public boolean isActive() {
		SocketChannel channel = javaChannel();
		return channel.isOpen() && channel.isConnected();
	}

	@Override
	protected @Nullable SocketAddress localAddress0() {
		try {
			return javaChannel().getLocalAddress();
		}
		catch (IOException ex) {
			// Closed: as Netty's channels, no address.
			return null;
		}
	}

	@Override
	protected @Nullable SocketAddress remoteAddress0() {
		try {
			return javaChannel().getRemoteAddress();
		}
		catch (IOException ex) {
			// Closed: as Netty's channels, no address.
			return null;
		}
	}

	@Override
	protected void doBind(SocketAddress local) throws Exception {
		javaChannel().bind(local);
	}

	@Override
	protected boolean doConnect(SocketAddress remote, @Nullable SocketAddress local) throws Exception {
		if (local != null) {
			doBind(local);
		}
		boolean success = false;
		try {
			boolean connected = javaChannel().connect(remote);
			if (!connected) {
				selectionKey().interestOps(SelectionKey.OP_CONNECT);
			}
			success = true;
			return connected;
		}
		finally {
			if (!success) {
				doClose();
			}
		}
	}

	@Override
	protected void doFinishConnect() throws Exception {
		if (!javaChannel().finishConnect()) {
			throw new IllegalStateException("finishConnect() returned false after the selector reported OP_CONNECT");
		}
	}

	@Override
	protected void doDisconnect() throws Exception {
		doClose();
	}

	@Override
	protected void doClose() throws Exception {
		super.doClose();
		javaChannel().close();
	}

	@Override
	protected ChannelFuture shutdownInput() {
		try {
			javaChannel().shutdownInput();
			this.inputShutdown = true;
			return newSucceededFuture();
		}
		catch (IOException ex) {
			return newFailedFuture(ex);
		}
	}

	@Override
	protected boolean isInputShutdown0() {
		return this.inputShutdown;
	}

	@Override
	protected int doReadBytes(ByteBuf buffer) throws Exception {
		RecvByteBufAllocator.Handle allocation = unsafe().recvBufAllocHandle();
		allocation.attemptedBytesRead(buffer.writableBytes());
		return buffer.writeBytes(javaChannel(), allocation.attemptedBytesRead());
	}

	@Override
	protected int doWriteBytes(ByteBuf buffer) throws Exception {
		return buffer.readBytes(javaChannel(), buffer.readableBytes());
	}

	@Override
	protected long doWriteFileRegion(FileRegion region) throws Exception {
		return region.transferTo(javaChannel(), region.transferred());
	}

	/**
	 * The process at the other end, as the kernel tells it.
	 * @return the peer's user and group
	 * @throws IOException when the operating system cannot tell it
	 */
	UnixDomainPrincipal peer() throws IOException {
		return javaChannel().getOption(ExtendedSocketOptions.SO_PEERCRED);
	}

	private void readCleared() {
		clearReadPending();
	}

	/**
	 * Netty's default options, plus {@code SO_KEEPALIVE} and {@code TCP_NODELAY} accepted
	 * and ignored.
	 */
	private static final class Config extends DefaultChannelConfig {

		private final RoutedDomainSocketChannel channel;

		Config(RoutedDomainSocketChannel channel) {
			super(channel);
			this.channel = channel;
		}

		@Override
		public <T> boolean setOption(ChannelOption<T> option, T value) {
			validate(option, value);
			if (option == ChannelOption.SO_KEEPALIVE || option == ChannelOption.TCP_NODELAY) {
				return true;
			}
			// Buffer sizes exist on AF_UNIX too, as on Netty's NioDomainSocketChannel.
			if (option == ChannelOption.SO_RCVBUF || option == ChannelOption.SO_SNDBUF) {
				try {
					this.channel.javaChannel()
						.setOption((option == ChannelOption.SO_RCVBUF) ? StandardSocketOptions.SO_RCVBUF
								: StandardSocketOptions.SO_SNDBUF, (Integer) value);
					return true;
				}
				catch (IOException ex) {
					throw new ChannelException(ex);
				}
			}
			return super.setOption(option, value);
		}

		@Override
		protected void autoReadCleared() {
			// As Netty's NIO channels: a read already asked for is dropped.
			this.channel.readCleared();
		}

	}

}
