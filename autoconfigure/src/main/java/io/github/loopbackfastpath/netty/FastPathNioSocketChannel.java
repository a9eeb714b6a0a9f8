package io.github.loopbackfastpath.netty;

import java.net.SocketAddress;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Netty's NIO client channel, offered the loopback fast path in {@link #doConnect}: the
 * one place where the destination is resolved and the socket is not yet connected.
 */
public class FastPathNioSocketChannel extends NioSocketChannel {

	private final LoopbackFastPath fastPath;

	private final String component;

	/**
	 * Creates a channel on the JDK's default selector provider.
	 * @param fastPath the fast path
	 * @param component the component name its outcomes are recorded under
	 */
	public FastPathNioSocketChannel(LoopbackFastPath fastPath, String component) {
		this.fastPath = fastPath;
		this.component = component;
	}

	@Override
	protected boolean doConnect(SocketAddress remoteAddress, SocketAddress localAddress) throws Exception {
		this.fastPath.beforeConnect(javaChannel(), remoteAddress, this.component);
		return super.doConnect(remoteAddress, localAddress);
	}

}
