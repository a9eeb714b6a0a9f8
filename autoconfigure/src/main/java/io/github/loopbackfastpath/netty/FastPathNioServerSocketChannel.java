package io.github.loopbackfastpath.netty;

import java.net.SocketAddress;
import java.util.List;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * Netty's NIO server channel, offered the loopback fast path in {@link #doBind} before
 * the socket binds and listens, so that every connection it accepts inherits it.
 */
public class FastPathNioServerSocketChannel extends NioServerSocketChannel {

	private final LoopbackFastPath fastPath;

	private final String component;

	private volatile @Nullable FastPathListener listener;

	/**
	 * Creates a channel on the JDK's default selector provider.
	 * @param fastPath the fast path
	 * @param component the component name its listener is recorded under
	 */
	public FastPathNioServerSocketChannel(LoopbackFastPath fastPath, String component) {
		this.fastPath = fastPath;
		this.component = component;
	}

	@Override
	protected void doBind(SocketAddress localAddress) throws Exception {
		this.listener = this.fastPath.bindListener(javaChannel(), localAddress, this.component,
				() -> super.doBind(localAddress));
	}

	@Override
	protected int doReadMessages(List<Object> buf) throws Exception {
		int accepted = super.doReadMessages(buf);
		FastPathListener listener = this.listener;
		if (accepted > 0 && listener != null) {
			listener.accepted(accepted);
		}
		return accepted;
	}

	@Override
	protected void doClose() throws Exception {
		FastPathListener listener = this.listener;
		this.listener = null;
		try {
			super.doClose();
		}
		finally {
			if (listener != null) {
				this.fastPath.outcomes().removeListener(listener);
			}
		}
	}

}
