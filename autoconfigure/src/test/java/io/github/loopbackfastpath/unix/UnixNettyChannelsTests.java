package io.github.loopbackfastpath.unix;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.UnixSidecar;
import io.github.loopbackfastpath.unix.netty.UnixNettyChannels;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@link UnixNettyChannels}: a plain Netty bootstrap reaches the Unix-only sidecar
 * through a route, and falls back to TCP or fails as configured, with
 * {@link UnixNettyChannels#connect} and with its channel factory.
 */
@EnabledIfUnixDomainSockets
class UnixNettyChannelsTests {

	@TempDir
	Path dir;

	private EventLoopGroup group;

	private final CompletableFuture<String> response = new CompletableFuture<>();

	@BeforeEach
	void group() {
		this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
	}

	@AfterEach
	void shutdown() {
		this.group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
	}

	@Test
	void routedDestinationIsReachedOverTheUnixSocket() throws Exception {
		Path socket = this.dir.resolve("sidecar.sock");
		int port = UnixSidecar.unusedPort();
		UnixSocketTransport transport = UnixSocketTransport.ofRoutes(Map.of(port, socket.toString()),
				OnUnavailable.TCP);
		try (UnixSidecar sidecar = UnixSidecar.start(socket)) {
			Channel channel = new UnixNettyChannels(transport)
				.connect(bootstrap(), new InetSocketAddress("127.0.0.1", port))
				.get(10, TimeUnit.SECONDS);
			assertThat(channel.remoteAddress()).isEqualTo(UnixDomainSocketAddress.of(socket));
			assertThat(get(channel, "127.0.0.1:" + port)).contains(UnixSidecar.BODY);
			assertThat(sidecar.hosts()).containsExactly("127.0.0.1:" + port);
			assertThat(transport.routes().get(port).connections()).isEqualTo(1);
		}
	}

	@Test
	void refusingSocketFallsBackToTcpOrFailsNamingThePath() throws Exception {
		Path socket = this.dir.resolve("stale.sock");
		UnixSidecar.stale(socket);
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1")) {
			InetSocketAddress destination = new InetSocketAddress("127.0.0.1", tcp.port());
			UnixSocketTransport fallback = UnixSocketTransport.ofRoutes(Map.of(tcp.port(), socket.toString()),
					OnUnavailable.TCP);
			Channel channel = new UnixNettyChannels(fallback).connect(bootstrap(), destination)
				.get(10, TimeUnit.SECONDS);
			assertThat(channel.remoteAddress()).isInstanceOf(InetSocketAddress.class);
			assertThat(get(channel, "127.0.0.1:" + tcp.port())).contains("pong");
			assertThat(fallback.routes().get(tcp.port()).fallbacks()).isEqualTo(1);
			UnixSocketTransport fail = UnixSocketTransport.ofRoutes(Map.of(tcp.port(), socket.toString()),
					OnUnavailable.FAIL);
			assertThatException()
				.isThrownBy(
						() -> new UnixNettyChannels(fail).connect(bootstrap(), destination).get(10, TimeUnit.SECONDS))
				.withCauseInstanceOf(UnixSocketUnavailableException.class)
				.withMessageContaining(socket.toString());
			assertThat(tcp.clientPorts()).hasSize(1);
		}
	}

	@Test
	void channelFactoryConnectsItsChannelsToTheSocketWhateverTcpAddressTheyAreGiven() throws Exception {
		Path socket = this.dir.resolve("sidecar.sock");
		int port = UnixSidecar.unusedPort();
		UnixSocketTransport transport = UnixSocketTransport.ofRoutes(Map.of(port, socket.toString()),
				OnUnavailable.TCP);
		UnixRoute route = transport.routes().get(port);
		try (UnixSidecar sidecar = UnixSidecar.start(socket)) {
			Bootstrap bootstrap = bootstrap(
					new UnixNettyChannels(transport).channelFactory(route, NioSocketChannel::new));
			Channel channel = bootstrap.connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
			// The routed channel type, package-private in unix.netty.
			assertThat(channel.getClass().getName())
				.isEqualTo("io.github.loopbackfastpath.unix.netty.RoutedDomainSocketChannel");
			assertThat(channel.remoteAddress()).isEqualTo(UnixDomainSocketAddress.of(socket));
			assertThat(get(channel, "127.0.0.1:" + port)).contains(UnixSidecar.BODY);
			assertThat(route.connections()).isEqualTo(1);
		}
	}

	@Test
	void channelFactoryFailsTheConnectionAStaleSocketRefusesAndSendsTheNextOnesOverTcp() throws Exception {
		Path socket = this.dir.resolve("stale.sock");
		UnixSidecar.stale(socket);
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1")) {
			InetSocketAddress destination = new InetSocketAddress("127.0.0.1", tcp.port());
			// A clock that stands still: the refusing file's retry time never comes.
			UnixSocketTransport transport = UnixSocketTransport.ofRoutes(Map.of(tcp.port(), socket.toString()),
					OnUnavailable.TCP, () -> 0L);
			UnixRoute route = transport.routes().get(tcp.port());
			Bootstrap bootstrap = bootstrap(
					new UnixNettyChannels(transport).channelFactory(route, NioSocketChannel::new));
			ChannelFuture refused = bootstrap.connect(destination).await();
			assertThat(refused.cause()).isInstanceOf(ConnectException.class)
				.hasMessageContaining(socket.toString())
				.hasMessageContaining("the next connections go over TCP");
			assertThat(refused.channel().isOpen()).isFalse();
			assertThat(route.failures()).isEqualTo(1);
			Channel channel = bootstrap.connect(destination).sync().channel();
			assertThat(channel).isInstanceOf(NioSocketChannel.class);
			assertThat(get(channel, "127.0.0.1:" + tcp.port())).contains("pong");
			assertThat(route.fallbacks()).isEqualTo(1);
			assertThat(tcp.clientPorts()).hasSize(1);
		}
	}

	@Test
	void channelFactoryFailsEveryConnectionToAStaleSocketWithOnUnavailableFail() throws Exception {
		Path socket = this.dir.resolve("stale.sock");
		UnixSidecar.stale(socket);
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1")) {
			InetSocketAddress destination = new InetSocketAddress("127.0.0.1", tcp.port());
			// A clock that stands still: the refusing file's retry time never comes.
			UnixSocketTransport transport = UnixSocketTransport.ofRoutes(Map.of(tcp.port(), socket.toString()),
					OnUnavailable.FAIL, () -> 0L);
			UnixRoute route = transport.routes().get(tcp.port());
			Bootstrap bootstrap = bootstrap(
					new UnixNettyChannels(transport).channelFactory(route, NioSocketChannel::new));
			assertThat(bootstrap.connect(destination).await().cause())
				.isInstanceOf(UnixSocketUnavailableException.class)
				.hasMessageContaining(socket.toString())
				.hasMessageContaining("Connection refused");
			assertThat(bootstrap.connect(destination).await().cause())
				.as("the refusing file is remembered: no second attempt on it")
				.isInstanceOf(UnixSocketUnavailableException.class)
				.hasMessageContaining(socket.toString())
				.hasMessageContaining("has not been replaced since");
			assertThat(route.failures()).isEqualTo(2);
			assertThat(route.fallbacks()).isZero();
			assertThat(tcp.clientPorts()).isEmpty();
		}
	}

	@Test
	void channelFactoryFailsConnectionsToAMissingSocketNamingThePathWithOnUnavailableFail() throws Exception {
		Path socket = this.dir.resolve("missing.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1")) {
			UnixSocketTransport transport = UnixSocketTransport.ofRoutes(Map.of(tcp.port(), socket.toString()),
					OnUnavailable.FAIL);
			UnixRoute route = transport.routes().get(tcp.port());
			ChannelFuture failed = bootstrap(
					new UnixNettyChannels(transport).channelFactory(route, NioSocketChannel::new))
				.connect(new InetSocketAddress("127.0.0.1", tcp.port()))
				.await();
			assertThat(failed.cause()).isInstanceOf(UnixSocketUnavailableException.class)
				.hasMessageContaining(socket.toString());
			assertThat(failed.channel().closeFuture().await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(route.failures()).isEqualTo(1);
			assertThat(tcp.clientPorts()).isEmpty();
		}
	}

	private Bootstrap bootstrap() {
		return bootstrap(NioSocketChannel::new);
	}

	private Bootstrap bootstrap(ChannelFactory<? extends Channel> channels) {
		// A ChannelInitializer, as applications write them: a failed Unix attempt and the
		// TCP connection after it each get their own handler.
		return new Bootstrap().group(this.group).channelFactory(channels).handler(new ChannelInitializer<>() {

			@Override
			protected void initChannel(Channel channel) {
				channel.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {

					private final StringBuilder received = new StringBuilder();

					@Override
					protected void channelRead0(ChannelHandlerContext context, ByteBuf message) {
						this.received.append(message.toString(StandardCharsets.US_ASCII));
					}

					@Override
					public void channelInactive(ChannelHandlerContext context) {
						UnixNettyChannelsTests.this.response.complete(this.received.toString());
					}

				});
			}

		});
	}

	private String get(Channel channel, String host) throws Exception {
		channel.writeAndFlush(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n",
				StandardCharsets.US_ASCII));
		return this.response.get(10, TimeUnit.SECONDS);
	}

}
