package io.github.loopbackfastpath.unix.netty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.github.loopbackfastpath.unix.UnixServerSocketFile;
import io.github.loopbackfastpath.unix.UnixSocketListener;
import io.github.loopbackfastpath.unix.UnixSocketPathException;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;

/**
 * A second listener of Spring Boot's Reactor Netty web server, on a Unix socket: the same
 * {@link HttpServer} configuration as the TCP listener (protocols, compression, forwarded
 * headers, every {@code NettyServerCustomizer}), bound to the socket path instead of the
 * port, serving the same {@link HttpHandler}. Spring Boot builds the configuration and
 * hands it to its customizers; {@link #capture} is registered as the last of them.
 * <p>
 * It shuts down as Spring Boot's {@code NettyWebServer} does: gracefully, it stops
 * accepting when the TCP port does and waits for the requests in progress
 * ({@link #shutDownGracefully}); then {@link #stop} closes what is left.
 */
public final class NettyUnixSocketServer {

	/** Component name of Reactor Netty server listeners. */
	public static final String COMPONENT = "netty-server";

	private static final Log logger = LogFactory.getLog(NettyUnixSocketServer.class);

	private final UnixSocketTransport transport;

	private final Path path;

	private volatile @Nullable HttpServer configured;

	private volatile boolean graceful;

	private volatile Supplier<@Nullable LoopResources> loopResources = () -> null;

	private volatile @Nullable DisposableServer server;

	private volatile @Nullable UnixServerSocketFile file;

	private volatile @Nullable ChannelGroup connections;

	private volatile @Nullable UnixSocketListener listener;

	private volatile @Nullable Thread drain;

	/**
	 * Creates the listener.
	 * @param transport the transport, whose server path is used
	 * @param path the socket path, already checked with
	 * {@link io.github.loopbackfastpath.unix.UnixSocketPaths}
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
	 * Sets whether {@link #shutDownGracefully} waits for the requests in progress, as
	 * {@code server.shutdown=graceful} (Spring Boot's default) makes the TCP listener do.
	 * @param graceful whether it does
	 */
	public void setGracefulShutdown(boolean graceful) {
		this.graceful = graceful;
	}

	/**
	 * Sets where the listener's event loops come from: the application's
	 * {@code ReactorResourceFactory}, as Spring Boot's {@code NettyWebServer} runs the
	 * TCP listener on it when it starts ({@code runOn}, after the server customizers, so
	 * the configuration {@link #capture} sees does not have it). Without one the listener
	 * runs on Reactor Netty's global loops.
	 * @param loopResources the loop resources, asked when the listener starts
	 */
	public void setLoopResources(Supplier<@Nullable LoopResources> loopResources) {
		this.loopResources = loopResources;
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
		LoopResources loops = this.loopResources.get();
		if (loops != null) {
			configured = configured.runOn(loops);
		}
		HttpServer base = configured;
		UnixSocketListener listener = this.transport.server()
			.listening(COMPONENT, this.path, this.transport.server().permissions());
		// What the graceful shutdown waits for, as the channel group Spring Boot's
		// NettyWebServer gives the TCP listener; Netty's global executor runs only while
		// it has work, so there is no thread to stop.
		ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
		AtomicReference<@Nullable DisposableServer> bound = new AtomicReference<>();
		HttpServer unix = base.channelGroup(connections).doOnChannelInit((observer, channel, remote) -> {
			listener.accepted();
			// Initialized on registration, before the channel is active: closed
			// here, nothing of it is read.
			if (!listener.admit(() -> NettyUnixPeers.read(channel))) {
				channel.close();
			}
		}).handle(new ReactorHttpHandlerAdapter(handler));
		try {
			this.file = UnixServerSocketFile.bind(UnixSocketTransport.SERVER_PATH_PROPERTY, this.path,
					this.transport.server().posixPermissions(), (address) -> {
						DisposableServer disposable = unix
							.bindAddress(
									() -> NettyDomainSocketAddresses.of(address, base.configuration().isPreferNative()))
							.bindNow();
						bound.set(disposable);
						return disposable::disposeNow;
					});
		}
		catch (RuntimeException ex) {
			this.transport.server().closed(listener);
			throw ex;
		}
		catch (Exception ex) {
			this.transport.server().closed(listener);
			throw new IllegalStateException("Could not listen on the Unix socket " + this.path, ex);
		}
		this.server = bound.get();
		this.connections = connections;
		this.listener = listener;
		if (logger.isInfoEnabled()) {
			logger.info("Reactor Netty also listening on Unix socket " + this.path);
		}
	}

	/**
	 * Stops accepting connections and, when the shutdown is graceful, waits in another
	 * thread for the connections in progress to finish, as Spring Boot's
	 * {@code GracefulShutdown} does for the TCP listener; {@link #stop} cuts the wait
	 * short.
	 * @param done called when the listener has no connection left, or at once when the
	 * shutdown is not graceful
	 */
	public synchronized void shutDownGracefully(Runnable done) {
		DisposableServer server = this.server;
		if (!this.graceful || server == null || this.drain != null) {
			done.run();
			return;
		}
		removeFile();
		Thread drain = new Thread(() -> {
			try {
				// Closes the listening channel, then waits for each connection's
				// request to complete, the way Spring Boot drains the TCP listener.
				server.disposeNow(Duration.ofNanos(Long.MAX_VALUE));
			}
			catch (RuntimeException ex) {
				// Interrupted by stop(): the connections left are closed there.
			}
			finally {
				done.run();
			}
		}, "netty-unix-shutdown");
		this.drain = drain;
		drain.start();
	}

	/**
	 * Stops listening, closes the connections left and removes the socket file if it is
	 * still the one this server bound.
	 */
	public synchronized void stop() {
		Thread drain = this.drain;
		DisposableServer server = this.server;
		ChannelGroup connections = this.connections;
		UnixSocketListener listener = this.listener;
		this.drain = null;
		this.server = null;
		this.connections = null;
		this.listener = null;
		if (drain != null) {
			drain.interrupt();
		}
		removeFile();
		if (server != null) {
			try {
				server.disposeNow();
			}
			catch (IllegalStateException ex) {
				// Connections still open after Reactor Netty's wait: closed next.
			}
		}
		if (connections != null) {
			connections.close();
		}
		if (listener != null) {
			this.transport.server().closed(listener);
		}
	}

	private void removeFile() {
		UnixServerSocketFile file = this.file;
		this.file = null;
		if (file != null) {
			file.remove();
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
