package io.github.loopbackfastpath.unix.tomcat;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

import io.github.loopbackfastpath.tomcat.FastPathNioEndpoint;
import io.github.loopbackfastpath.unix.UnixPeer;
import io.github.loopbackfastpath.unix.UnixServerSocketFile;
import io.github.loopbackfastpath.unix.UnixSocketListener;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import jdk.net.ExtendedSocketOptions;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's NIO endpoint listening on a Unix socket, with its listener in the status
 * report and its accepted connections counted. Tomcat's own Unix-socket code paths
 * (waking the acceptor by connecting to the path, the socket wrappers, the connector's
 * name) key on {@code unixDomainSocketPath}, so that is set; but the endpoint binds the
 * socket itself, through {@link UnixServerSocketFile}, because Tomcat's
 * {@code NioEndpoint} binds (and so listens) before it applies the permissions and
 * deletes whatever file is at the path when it closes.
 */
class UnixSocketNioEndpoint extends FastPathNioEndpoint {

	private final UnixSocketTransport transport;

	private final Path path;

	private volatile @Nullable ServerSocketChannel serverSocket;

	private volatile @Nullable UnixServerSocketFile file;

	private volatile @Nullable UnixSocketListener listener;

	UnixSocketNioEndpoint(UnixSocketTransport transport, Path path) {
		this.transport = transport;
		this.path = path;
		setUnixDomainSocketPath(path.toString());
	}

	@Override
	protected void initUnhookedServerSocket() throws Exception {
		ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			this.file = UnixServerSocketFile.bind(UnixSocketTransport.SERVER_PATH_PROPERTY, this.path,
					this.transport.server().posixPermissions(), (address) -> {
						socket.bind(UnixDomainSocketAddress.of(address), getAcceptCount());
						return socket;
					});
			// The acceptor thread blocks in accept(), as in NioEndpoint.
			socket.configureBlocking(true);
		}
		catch (Exception ex) {
			socket.close();
			throw ex;
		}
		this.serverSocket = socket;
		this.listener = this.transport.server().listening(COMPONENT, this.path, this.transport.server().permissions());
	}

	@Override
	protected SocketAddress unhookedAddress() {
		// The configured path: the socket's own address is where it was bound first.
		return UnixDomainSocketAddress.of(this.path);
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
			throw new ClosedChannelException();
		}
		while (true) {
			SocketChannel accepted = socket.accept();
			UnixSocketListener listener = this.listener;
			if (listener == null) {
				return accepted;
			}
			listener.accepted();
			// Refused before Tomcat reads a byte of it; the acceptor waits for the next.
			if (listener.admit(() -> UnixPeer.of(accepted.getOption(ExtendedSocketOptions.SO_PEERCRED)))) {
				return accepted;
			}
			accepted.close();
		}
	}

	/**
	 * Removes the socket file (if it is still this endpoint's) and closes the socket.
	 * Spring Boot's graceful shutdown closes it first
	 * ({@code closeServerSocketGraceful}), then the connector's stop closes it again,
	 * which finds nothing left to do. The file goes first, so that a connection attempted
	 * during the drain finds no socket file, as one to the TCP port finds no listener.
	 */
	@Override
	protected void closeUnhookedServerSocket() throws IOException {
		ServerSocketChannel socket = this.serverSocket;
		UnixServerSocketFile file = this.file;
		UnixSocketListener listener = this.listener;
		this.serverSocket = null;
		this.file = null;
		this.listener = null;
		try {
			if (file != null) {
				file.remove();
			}
			if (socket != null) {
				socket.close();
			}
		}
		finally {
			if (listener != null) {
				this.transport.server().closed(listener);
			}
		}
	}

}
