package io.github.loopbackfastpath.unix;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

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

	@Override
	protected void doCloseServerSocket() throws IOException {
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
