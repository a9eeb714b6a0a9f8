package io.github.loopbackfastpath.netty;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.actuate.LoopbackEndpoint;
import io.github.loopbackfastpath.actuate.LoopbackEndpoint.LoopbackDescriptor;
import io.github.loopbackfastpath.actuate.autoconfigure.LoopbackEndpointAutoConfiguration;
import io.github.loopbackfastpath.autoconfigure.LoopbackFastPathAutoConfiguration;
import io.github.loopbackfastpath.outcome.FastPathOutcome;
import io.github.loopbackfastpath.test.EnabledIfWsaStandIn;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain Netty {@code Bootstrap} client talking to a plain Netty {@code ServerBootstrap}
 * server, both built with the public channel factories and
 * {@link LoopbackFastPath#create()} (no Spring), on NIO event loops as on Windows, with
 * the C stand-in of {@code WSAIoctl}.
 */
@EnabledIfWsaStandIn
class FastPathNettyChannelsTests {

	private EventLoopGroup group;

	@BeforeEach
	void setUp() {
		WsaStandIn.install();
		this.group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
	}

	@AfterEach
	void tearDown() {
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
		WsaStandIn.uninstall();
	}

	@Test
	void channelsOfTheApplicationBeanShowUpInTheStatusUnderTheCallersName() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class,
					LoopbackEndpointAutoConfiguration.class))
			.withPropertyValues("loopback.fastpath.enabled=true", "management.endpoints.web.exposure.include=loopback")
			.run((context) -> {
				FastPathNettyChannels channels = context.getBean(FastPathNettyChannels.class);
				Channel server = new ServerBootstrap().group(this.group)
					.channelFactory(channels.serverChannelFactory("redis-proxy"))
					.childHandler(new ChannelInitializer<SocketChannel>() {
						@Override
						protected void initChannel(SocketChannel channel) {
						}
					})
					.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
					.sync()
					.channel();
				try {
					Channel client = new Bootstrap().group(this.group)
						.channelFactory(channels.clientChannelFactory("redis"))
						.handler(new ChannelInitializer<SocketChannel>() {
							@Override
							protected void initChannel(SocketChannel channel) {
							}
						})
						.connect(server.localAddress())
						.sync()
						.channel();
					client.close().sync();
					LoopbackDescriptor status = context.getBean(LoopbackEndpoint.class).loopback();
					assertThat(status.components()).containsKeys("redis", "redis-proxy");
					assertThat(status.components().get("redis").applied()).isEqualTo(1);
					assertThat(status.listeners()).singleElement()
						.satisfies((listener) -> assertThat(listener.component()).isEqualTo("redis-proxy"));
				}
				finally {
					server.close().sync();
				}
			});
		assertThat(WsaStandIn.calls()).hasSize(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1" })
	void bootstrapClientAndServerEachGetOneCallUnderTheCallersComponentNames(String host) throws Exception {
		LoopbackFastPath fastPath = LoopbackFastPath.create();
		FastPathNettyChannels channels = new FastPathNettyChannels(fastPath);
		InetAddress address = InetAddress.getByName(host);
		Channel server = new ServerBootstrap().group(this.group)
			.channelFactory(channels.serverChannelFactory("echo-server"))
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					channel.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
						@Override
						protected void channelRead0(ChannelHandlerContext context, ByteBuf message) {
							context.writeAndFlush(message.retain());
						}
					});
				}
			})
			.bind(new InetSocketAddress(address, 0))
			.sync()
			.channel();
		try {
			CompletableFuture<String> echoed = new CompletableFuture<>();
			Channel client = new Bootstrap().group(this.group)
				.channelFactory(channels.clientChannelFactory("grpc-sidecar"))
				.handler(new SimpleChannelInboundHandler<ByteBuf>() {
					@Override
					protected void channelRead0(ChannelHandlerContext context, ByteBuf message) {
						echoed.complete(message.toString(StandardCharsets.UTF_8));
					}
				})
				.connect(server.localAddress())
				.sync()
				.channel();
			client.writeAndFlush(Unpooled.copiedBuffer("ping", StandardCharsets.UTF_8));
			assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("ping");
			List<WsaStandIn.Call> calls = WsaStandIn.calls();
			assertThat(calls).hasSize(2).allSatisfy((call) -> {
				assertThat(call.violation()).isEmpty();
				assertThat(call.listening()).isFalse();
				assertThat(call.connected()).isFalse();
			});
			int serverPort = ((InetSocketAddress) server.localAddress()).getPort();
			assertThat(WsaStandIn.boundPortNow(calls.get(0).handle())).isEqualTo(serverPort);
			assertThat(WsaStandIn.boundPortNow(calls.get(1).handle()))
				.isEqualTo(((InetSocketAddress) client.localAddress()).getPort());
			assertThat(fastPath.outcomes().components().get("echo-server").applied()).isEqualTo(1);
			assertThat(fastPath.outcomes().components().get("grpc-sidecar").applied()).isEqualTo(1);
			assertThat(fastPath.outcomes().components().get("grpc-sidecar").destinations())
				.containsOnlyKeys(serverPort);
			assertThat(fastPath.outcomes().listeners()).singleElement().satisfies((listener) -> {
				assertThat(listener.component()).isEqualTo("echo-server");
				assertThat(listener.outcome()).isEqualTo(FastPathOutcome.applied());
				assertThat(listener.acceptedConnections()).isEqualTo(1);
			});
			client.close().sync();
		}
		finally {
			server.close().sync();
		}
		assertThat(fastPath.outcomes().listeners()).as("closed listeners leave the report").isEmpty();
	}

}
