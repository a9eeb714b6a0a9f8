package io.github.loopbackfastpath.unix.tomcat;

import java.nio.file.Path;

import io.github.loopbackfastpath.tomcat.FastPathHttp11NioProtocol;
import io.github.loopbackfastpath.unix.UnixSocketPaths;
import io.github.loopbackfastpath.unix.UnixSocketTransport;

/**
 * Tomcat's HTTP/1.1 NIO protocol listening on a Unix socket instead of a TCP port. It is
 * a {@link FastPathHttp11NioProtocol}, so the starter's Tomcat integration reports it
 * among the listeners (as a Unix socket, which has no TCP stack to bypass) instead of as
 * unhooked. <pre class="code">
 * Connector connector = new Connector(new UnixSocketHttp11NioProtocol(transport, path));
 * </pre>
 */
public class UnixSocketHttp11NioProtocol extends FastPathHttp11NioProtocol {

	/**
	 * Creates the protocol.
	 * @param transport where the listener is reported
	 * @param path the socket path, already checked with {@link UnixSocketPaths}
	 */
	public UnixSocketHttp11NioProtocol(UnixSocketTransport transport, Path path) {
		super(new UnixSocketNioEndpoint(transport, path));
	}

}
