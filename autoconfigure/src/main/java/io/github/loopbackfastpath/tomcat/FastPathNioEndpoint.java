package io.github.loopbackfastpath.tomcat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.policy.SkipReason;
import org.apache.tomcat.util.net.NioEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's NIO endpoint, with its listening socket offered the loopback fast path between
 * {@code open} and {@code bind}.
 * <p>
 * {@link NioEndpoint#initServerSocket()} opens and binds its private channel in one step,
 * so this endpoint owns its channel for TCP listeners and overrides the four methods that
 * use it, as that method's own comment invites. Inherited channels keep Tomcat's code and
 * are reported as not hooked; the Unix-socket endpoint binds its socket through the hooks
 * for that ({@code initUnhookedServerSocket} and the two beside it). Without a
 * {@link LoopbackFastPath} (the starter disabled), the endpoint is plain Tomcat.
 */
public class FastPathNioEndpoint extends NioEndpoint {

	/** Component name of Tomcat listeners. */
	public static final String COMPONENT = "tomcat";

	private volatile @Nullable LoopbackFastPath fastPath;

	private volatile @Nullable ServerSocketChannel serverSocket;

	private volatile @Nullable FastPathListener listener;

	/**
	 * Sets the fast path. Must be called before the endpoint binds.
	 * @param fastPath the fast path
	 */
	public void setLoopbackFastPath(LoopbackFastPath fastPath) {
		this.fastPath = fastPath;
	}

	@Override
	protected void initServerSocket() throws Exception {
		LoopbackFastPath fastPath = this.fastPath;
		if (fastPath == null) {
			initUnhookedServerSocket();
			return;
		}
		String unhooked = getUseInheritedChannel() ? "inherited channel: opened by another process"
				: (getUnixDomainSocketPath() != null)
						? "Unix domain socket: already a local path with no TCP stack to bypass" : null;
		if (unhooked != null) {
			// Tomcat's own socket, and no TCP address to build: a Unix-socket connector
			// keeps Tomcat's default port of -1, which InetSocketAddress refuses.
			initUnhookedServerSocket(fastPath, SkipReason.UNHOOKED, unhooked);
			return;
		}
		InetSocketAddress address = new InetSocketAddress(getAddress(), getPortWithOffset());
		SkipReason skip = fastPath.listenerSkip(address);
		if (skip != null) {
			initUnhookedServerSocket(fastPath, skip, null);
			return;
		}
		// The same steps as NioEndpoint, with the fast path requested before bind
		// (= listen).
		ServerSocketChannel socket = ServerSocketChannel.open();
		try {
			this.socketProperties.setProperties(socket.socket());
			this.listener = fastPath.bindListener(socket, address, COMPONENT,
					() -> socket.bind(address, getAcceptCount()));
			// The acceptor thread blocks in accept(), as in NioEndpoint.
			socket.configureBlocking(true);
		}
		catch (Exception ex) {
			socket.close();
			throw ex;
		}
		this.serverSocket = socket;
	}

	private void initUnhookedServerSocket(LoopbackFastPath fastPath, SkipReason skip, @Nullable String note)
			throws Exception {
		// Nothing would be applied (another platform, server side disabled, a
		// non-loopback address, no TCP socket): Tomcat's own code opens and binds
		// the socket.
		initUnhookedServerSocket();
		this.listener = fastPath.unhookedListener(COMPONENT, unhookedAddress(), skip, note);
	}

	/**
	 * Opens and binds a listening socket the fast path is not requested on: Tomcat's own
	 * code. A subclass that binds such a socket itself overrides this,
	 * {@link #unhookedAddress}, {@link #closeUnhookedServerSocket},
	 * {@link #getServerSocket} and {@link #serverSocketAccept}.
	 * @throws Exception when it cannot be bound
	 */
	protected void initUnhookedServerSocket() throws Exception {
		super.initServerSocket();
	}

	/**
	 * The address a listening socket the fast path is not requested on is reported with.
	 * @return its address
	 * @throws IOException when the socket cannot tell
	 */
	protected SocketAddress unhookedAddress() throws IOException {
		return super.getServerSocket().getLocalAddress();
	}

	/**
	 * Closes a listening socket the fast path is not requested on: Tomcat's own code.
	 * @throws IOException when it cannot be closed
	 */
	protected void closeUnhookedServerSocket() throws IOException {
		super.doCloseServerSocket();
	}

	@Override
	protected NetworkChannel getServerSocket() {
		ServerSocketChannel socket = this.serverSocket;
		return (socket != null) ? socket : super.getServerSocket();
	}

	@Override
	protected SocketChannel serverSocketAccept() throws Exception {
		ServerSocketChannel socket = this.serverSocket;
		if (socket == null) {
			return super.serverSocketAccept();
		}
		// NioEndpoint also guards against a Linux kernel bug that accepts the same
		// connection twice. This endpoint owns its channel only where the fast path is
		// requested: on Windows, which Tomcat exempts from that check too, or under the
		// native test seam.
		SocketChannel accepted = socket.accept();
		FastPathListener listener = this.listener;
		if (listener != null) {
			listener.accepted(1);
		}
		return accepted;
	}

	@Override
	protected void doCloseServerSocket() throws IOException {
		ServerSocketChannel socket = this.serverSocket;
		FastPathListener listener = this.listener;
		LoopbackFastPath fastPath = this.fastPath;
		this.serverSocket = null;
		this.listener = null;
		try {
			if (socket != null) {
				socket.close();
			}
		}
		finally {
			if (listener != null && fastPath != null) {
				fastPath.outcomes().removeListener(listener);
			}
			closeUnhookedServerSocket();
		}
	}

}
