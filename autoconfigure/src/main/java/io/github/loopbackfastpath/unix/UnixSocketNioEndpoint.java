package io.github.loopbackfastpath.unix;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.loopbackfastpath.tomcat.FastPathNioEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's NIO endpoint listening on a Unix socket (Tomcat's own
 * {@code unixDomainSocketPath} support, which binds, applies the permissions and deletes
 * the socket file when it closes), with its listener in the status report and its
 * accepted connections counted.
 */
class UnixSocketNioEndpoint extends FastPathNioEndpoint {

	private final UnixSocketTransport transport;

	private volatile @Nullable UnixSocketListener listener;

	private final AtomicBoolean closedSinceBind = new AtomicBoolean();

	UnixSocketNioEndpoint(UnixSocketTransport transport, Path path) {
		this.transport = transport;
		setUnixDomainSocketPath(path.toString());
		String permissions = transport.serverPermissions();
		if (permissions != null) {
			setUnixDomainSocketPathPermissions(permissions);
		}
	}

	@Override
	protected void initServerSocket() throws Exception {
		super.initServerSocket();
		this.closedSinceBind.set(false);
		String path = getUnixDomainSocketPath();
		if (path != null) {
			this.listener = this.transport.listening(COMPONENT, Path.of(path), getUnixDomainSocketPathPermissions());
		}
	}

	@Override
	protected SocketChannel serverSocketAccept() throws Exception {
		SocketChannel accepted = super.serverSocketAccept();
		UnixSocketListener listener = this.listener;
		if (listener != null) {
			listener.accepted();
		}
		return accepted;
	}

	/**
	 * Closes the server socket once per bind. Spring Boot's graceful shutdown closes it
	 * first ({@code closeServerSocketGraceful}), then the connector's stop closes it
	 * again; Tomcat deletes the socket file in each close and logs a WARN with a
	 * {@code NoSuchFileException} when the second one finds it gone.
	 */
	@Override
	protected void doCloseServerSocket() throws IOException {
		if (!this.closedSinceBind.compareAndSet(false, true)) {
			return;
		}
		UnixSocketListener listener = this.listener;
		this.listener = null;
		try {
			super.doCloseServerSocket();
		}
		finally {
			if (listener != null) {
				this.transport.closed(listener);
			}
		}
	}

}
