package io.github.loopbackfastpath.unix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;

/**
 * A second listener of Spring Boot's Reactor Netty web server, on a Unix socket: the same
 * {@link HttpServer} configuration as the TCP listener (protocols, compression, forwarded
 * headers, event loops, every {@code NettyServerCustomizer}), bound to the socket path
 * instead of the port, serving the same {@link HttpHandler}. Spring Boot builds the
 * configuration and hands it to its customizers; {@link #capture} is registered as the
 * last of them.
 */
public final class NettyUnixSocketServer {

	/** Component name of Reactor Netty server listeners. */
	public static final String COMPONENT = "netty-server";

	private static final Log logger = LogFactory.getLog(NettyUnixSocketServer.class);

	private final UnixSocketTransport transport;

	private final Path path;

	private volatile @Nullable HttpServer configured;

	private volatile @Nullable DisposableServer server;

	private volatile @Nullable UnixSocketListener listener;

	/**
	 * Creates the listener.
	 * @param transport the transport, whose server path is used
	 * @param path the socket path, already checked with {@link UnixSocketPaths}
	 */
	public NettyUnixSocketServer(UnixSocketTransport transport, Path path) {
		this.transport = transport;
		this.path = path;
	}

	/**
	 * Remembers the server configuration Spring Boot built; a
	 * {@code NettyServerCustomizer}.
	 * @param server the configuration
	 * @return the same configuration
	 */
	public HttpServer capture(HttpServer server) {
		this.configured = server;
		return server;
	}

	/**
	 * Starts listening on the Unix socket.
	 * @param handler the application's handler, the one the TCP listener serves
	 * @throws IllegalStateException when Spring Boot has not built a Reactor Netty server
	 * @throws UnixSocketPathException when something other than a stale socket is at the
	 * path
	 */
	public synchronized void start(HttpHandler handler) {
		HttpServer configured = this.configured;
		if (configured == null) {
			throw new IllegalStateException("Spring Boot has not built a Reactor Netty server to listen on " + this.path
					+ "; is the web server Reactor Netty?");
		}
		if (this.server != null) {
			return;
		}
		UnixSocketPaths.prepareForBind(UnixSocketTransport.SERVER_PATH_PROPERTY, this.path);
		UnixSocketListener listener = this.transport.listening(COMPONENT, this.path,
				this.transport.serverPermissions());
		DisposableServer server;
		try {
			server = configured
				.bindAddress(
						() -> NettyDomainSocketAddresses.of(this.path, configured.configuration().isPreferNative()))
				.doOnChannelInit((observer, channel, remote) -> listener.accepted())
				.handle(new ReactorHttpHandlerAdapter(handler))
				.bindNow();
		}
		catch (RuntimeException ex) {
			this.transport.closed(listener);
			throw ex;
		}
		this.server = server;
		this.listener = listener;
		Set<PosixFilePermission> permissions = this.transport.serverPosixPermissions();
		if (permissions != null) {
			try {
				UnixSocketPaths.applyPermissions(this.path, permissions);
			}
			catch (IOException ex) {
				stop();
				throw new IllegalStateException(
						"Could not set the permissions of " + this.path + " to " + this.transport.serverPermissions()
								+ " (" + UnixSocketTransport.SERVER_PERMISSIONS_PROPERTY + ")",
						ex);
			}
		}
		if (logger.isInfoEnabled()) {
			logger.info("Reactor Netty also listening on Unix socket " + this.path);
		}
	}

	/**
	 * Stops listening and removes the socket file.
	 */
	public synchronized void stop() {
		DisposableServer server = this.server;
		UnixSocketListener listener = this.listener;
		this.server = null;
		this.listener = null;
		if (server != null) {
			server.disposeNow();
		}
		if (listener != null) {
			this.transport.closed(listener);
		}
		try {
			// NIO leaves the file behind when the channel closes; delete it only if it is
			// still a socket.
			if (server != null && UnixSocketPaths.isSocket(this.path)) {
				Files.deleteIfExists(this.path);
			}
		}
		catch (IOException ex) {
			logger.warn("Could not remove the Unix socket " + this.path, ex);
		}
	}

	/**
	 * Whether the server listens now.
	 * @return whether it is bound
	 */
	public boolean isRunning() {
		return this.server != null;
	}

}
