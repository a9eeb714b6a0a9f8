package io.github.loopbackfastpath.unix.netty;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.UnixSidecar;
import io.github.loopbackfastpath.unix.OnUnavailable;
import io.github.loopbackfastpath.unix.UnixRoute;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A routed connection asks for a send buffer like TCP's ({@link RouteSendBuffer}), which
 * an AF_UNIX socket does not grow by itself; the client's own {@code SO_SNDBUF} wins.
 * Without it an event loop writing a large upload waits for its selector after every 200
 * KiB or so, and the upload over the route runs at about half TCP's rate. The Reactor
 * Netty route runs on epoll here and on NIO in {@link RouteSendBufferNioTests}; the Netty
 * bootstrap and channel factory routes are NIO's.
 */
@EnabledIfUnixDomainSockets
class RouteSendBufferTests {

	@TempDir
	Path dir;

	@Test
	void reactorNettyRouteAsksForTheSendBufferUnlessTheClientSetsOne() throws Exception {
		int port = UnixSidecar.unusedPort();
		Path socket = this.dir.resolve("s.sock");
		UnixSocketTransport transport = UnixSocketTransport.ofRoutes(Map.of(port, socket.toString()),
				OnUnavailable.FAIL);
		ConnectionProvider pool = ConnectionProvider.create("send-buffer", 1);
		ConnectionProvider ownPool = ConnectionProvider.create("own-send-buffer", 1);
		try (RouteSidecar sidecar = RouteSidecar.start("unix", socket)) {
			HttpClient routed = HttpClient.create(new UnixRouteConnectionProvider(pool, transport));
			Channel channel = request(routed, port);
			assertThat(channel.getClass().getSimpleName()).endsWith("DomainSocketChannel");
			assertThat(channel.config().getOption(ChannelOption.SO_SNDBUF))
				.isEqualTo(sendBufferOfNew(channel.getClass(), RouteSendBuffer.SIZE))
				.isGreaterThan(sendBufferOfNew(channel.getClass(), null));
			// A pooled connection keeps it.
			assertThat(request(routed, port)).isSameAs(channel);
			HttpClient own = HttpClient.create(new UnixRouteConnectionProvider(ownPool, transport))
				.option(ChannelOption.SO_SNDBUF, 64 * 1024);
			assertThat(request(own, port).config().getOption(ChannelOption.SO_SNDBUF))
				.isEqualTo(sendBufferOfNew(channel.getClass(), 64 * 1024));
			assertThat(sidecar.requests()).hasSize(3);
			assertThat(transport.routes().get(port).connections()).isEqualTo(2);
		}
		finally {
			pool.disposeLater().block(Duration.ofSeconds(10));
			ownPool.disposeLater().block(Duration.ofSeconds(10));
		}
	}

	@Test
	void nettyBootstrapAndChannelFactoryRoutesAskForTheSendBufferUnlessTheBootstrapSetsOne() throws Exception {
		int port = UnixSidecar.unusedPort();
		Path socket = this.dir.resolve("s.sock");
		UnixSocketTransport transport = UnixSocketTransport.ofRoutes(Map.of(port, socket.toString()),
				OnUnavailable.FAIL);
		UnixRoute route = transport.routes().get(port);
		UnixNettyChannels channels = new UnixNettyChannels(transport);
		InetSocketAddress destination = new InetSocketAddress("127.0.0.1", port);
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		try (UnixSidecar sidecar = UnixSidecar.start(socket)) {
			Bootstrap bootstrap = new Bootstrap().group(group)
				.channel(NioSocketChannel.class)
				.handler(new ChannelInitializer<>() {

					@Override
					protected void initChannel(Channel channel) {
					}

				});
			Channel connected = channels.connect(bootstrap, destination).get(10, TimeUnit.SECONDS);
			assertThat(sendBuffer(connected)).isEqualTo(kernelSendBuffer(RouteSendBuffer.SIZE));
			Channel own = channels.connect(bootstrap.clone().option(ChannelOption.SO_SNDBUF, 64 * 1024), destination)
				.get(10, TimeUnit.SECONDS);
			assertThat(sendBuffer(own)).isEqualTo(kernelSendBuffer(64 * 1024));
			Channel created = new Bootstrap().group(group)
				.channelFactory(channels.channelFactory(route, NioSocketChannel::new))
				.handler(bootstrap.config().handler())
				.connect(destination)
				.sync()
				.channel();
			assertThat(sendBuffer(created)).isEqualTo(kernelSendBuffer(RouteSendBuffer.SIZE));
			assertThat(route.connections()).isEqualTo(3);
			connected.close().sync();
			own.close().sync();
			created.close().sync();
		}
		finally {
			group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
		}
	}

	@Test
	void theSendBufferAskedForIsLargerThanAUnixSocketsDefault() throws IOException {
		// Else the tests above would pass without the route asking for anything.
		assertThat(kernelSendBuffer(RouteSendBuffer.SIZE)).isGreaterThan(kernelSendBuffer(null));
	}

	/**
	 * The send buffer the OS gives an AF_UNIX socket that asks for {@code size} (Linux
	 * doubles it and caps it at {@code net.core.wmem_max}), or its default.
	 */
	static int kernelSendBuffer(@Nullable Integer size) throws IOException {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			if (size != null) {
				channel.setOption(StandardSocketOptions.SO_SNDBUF, size);
			}
			return channel.getOption(StandardSocketOptions.SO_SNDBUF);
		}
	}

	/**
	 * The send buffer that a new, unconnected channel of a type reads back after asking
	 * for {@code size}, or its default: the JDK's channels read half the value Linux
	 * reports, Netty's native ones all of it.
	 */
	static int sendBufferOfNew(Class<? extends Channel> type, @Nullable Integer size) throws Exception {
		Channel channel = type.getDeclaredConstructor().newInstance();
		try {
			if (size != null) {
				channel.config().setOption(ChannelOption.SO_SNDBUF, size);
			}
			return channel.config().getOption(ChannelOption.SO_SNDBUF);
		}
		finally {
			channel.unsafe().closeForcibly();
		}
	}

	/**
	 * The send buffer of a routed channel of the bootstrap routes, whose config sets it
	 * but does not read it back.
	 */
	private static int sendBuffer(Channel channel) throws IOException {
		assertThat(channel).isInstanceOf(RoutedDomainSocketChannel.class);
		return ((RoutedDomainSocketChannel) channel).javaChannel().getOption(StandardSocketOptions.SO_SNDBUF);
	}

	private static Channel request(HttpClient client, int port) {
		AtomicReference<Channel> channel = new AtomicReference<>();
		String body = client.doOnResponse((response, connection) -> channel.set(connection.channel()))
			.get()
			.uri("http://127.0.0.1:" + port + "/buffer")
			.responseContent()
			.aggregate()
			.asString()
			.block(Duration.ofSeconds(10));
		assertThat(body).isEqualTo("unix:/buffer");
		return channel.get();
	}

}
