package io.github.loopbackfastpath.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * A gRPC server (grpc-netty on NIO, built by hand, never hooked by the starter) serving a
 * {@link GrpcEcho}, either only on a Unix socket, so that a call it answers can only have
 * come over the socket, or only on a loopback TCP port.
 */
public final class GrpcSidecar implements AutoCloseable {

	private final GrpcEcho echo = new GrpcEcho();

	private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	private final Server server;

	private final @Nullable Path path;

	private GrpcSidecar(SocketAddress address, Class<? extends ServerChannel> channelType, @Nullable Path path) {
		this.path = path;
		try {
			this.server = NettyServerBuilder.forAddress(address)
				.channelType(channelType)
				.bossEventLoopGroup(this.loops)
				.workerEventLoopGroup(this.loops)
				.addService(this.echo)
				.build()
				.start();
		}
		catch (IOException ex) {
			this.loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts a server that listens only on a Unix socket.
	 * @param path the socket path; nothing may be there
	 * @return the running server
	 */
	public static GrpcSidecar unix(Path path) {
		return new GrpcSidecar(UnixDomainSocketAddress.of(path), NioServerDomainSocketChannel.class, path);
	}

	/**
	 * Starts a server that listens only on a loopback TCP port.
	 * @param host the loopback address to listen on
	 * @param port the port, {@code 0} for any free one
	 * @return the running server
	 */
	public static GrpcSidecar tcp(String host, int port) {
		return new GrpcSidecar(new InetSocketAddress(host, port), NioServerSocketChannel.class, null);
	}

	/**
	 * The TCP port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getPort();
	}

	/**
	 * The service, which records the client port of each call ({@code -1} over a Unix
	 * socket).
	 * @return the service
	 */
	public GrpcEcho echo() {
		return this.echo;
	}

	@Override
	public void close() throws IOException {
		try {
			this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
			if (this.path != null) {
				Files.deleteIfExists(this.path);
			}
		}
	}

}
