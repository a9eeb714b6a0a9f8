package io.github.loopbackfastpath.unix;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.unix.netty.UnixNettyChannels;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A route that expects a peer ({@code loopback.fastpath.unix.peers.<port>.user}) reads
 * who listens on its socket when each connection opens: a socket of another user gets not
 * a byte, the request fails and does not fall back to TCP; the expected user is served.
 * Each client library checks it in its own connection layer: Apache HttpClient
 * (junixsocket), Reactor Netty (WebClient and the Reactor RestClient) and the Netty
 * bootstraps of gRPC. The sidecar of another user is this process's own (as the test's
 * user, with the route expecting {@code nobody}) everywhere, and a real process running
 * as {@code nobody} where the tests run as root ({@link PeerProcess}).
 */
@Tag("unix")
@EnabledIfUnixDomainSockets
@EnabledOnOs({ OS.LINUX, OS.MAC })
class UnixPeerCheckTests {

	private static final String ME = System.getProperty("user.name");

	@TempDir
	Path dir;

	@ParameterizedTest
	@EnumSource(Client.class)
	void aSocketOfAnotherUserGetsNothingAndTheRequestFailsWithoutAFallback(Client client) throws Exception {
		Path socket = this.dir.resolve("s.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				CountingUnixSidecar sidecar = CountingUnixSidecar.start(socket);
				ConfigurableApplicationContext context = start(client, tcp.port(), socket,
						"loopback.fastpath.unix.peers." + tcp.port() + ".user=" + PeerProcess.USER)) {
			assertThatThrownBy(() -> client.get(context, "http://127.0.0.1:" + tcp.port() + "/"))
				.hasRootCauseInstanceOf(UnixSocketPeerException.class)
				.rootCause()
				.hasMessageMatching(".* is (user " + ME + "|uid \\d+).*")
				.hasMessageContaining("not the expected user " + PeerProcess.USER)
				.hasMessageContaining(socket.toString());
			assertThat(sidecar.nextConnectionBytes()).as("bytes the other user's socket received").isZero();
			assertThat(tcp.clientPorts()).as("connections that fell back to TCP").isEmpty();
			UnixRoute route = context.getBean(UnixSocketTransport.class).routes().get(tcp.port());
			assertThat(route.peerRejected()).isEqualTo(1);
			assertThat(route.fallbacks()).isZero();
			assertThat(route.connections()).isZero();
		}
	}

	@ParameterizedTest
	@EnumSource(Client.class)
	void theExpectedPeerIsServed(Client client) throws Exception {
		Path socket = this.dir.resolve("s.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				CountingUnixSidecar sidecar = CountingUnixSidecar.start(socket);
				ConfigurableApplicationContext context = start(client, tcp.port(), socket,
						"loopback.fastpath.unix.peers." + tcp.port() + ".user=" + ME)) {
			assertThat(client.get(context, "http://127.0.0.1:" + tcp.port() + "/")).isEqualTo(CountingUnixSidecar.BODY);
			assertThat(sidecar.nextConnectionBytes()).isPositive();
			UnixRoute route = context.getBean(UnixSocketTransport.class).routes().get(tcp.port());
			assertThat(route.peerRejected()).isZero();
			assertThat(route.connections()).isEqualTo(1);
			assertThat(tcp.clientPorts()).isEmpty();
		}
	}

	@ParameterizedTest
	@EnumSource(Client.class)
	@EnabledIf("io.github.loopbackfastpath.unix.PeerProcess#available")
	void aSidecarRunningAsNobodyIsRefusedWhenTheRouteExpectsAnotherUser(Client client) throws Exception {
		Path directory = PeerProcess.directory(this.dir);
		Path socket = directory.resolve("s.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				PeerProcess sidecar = PeerProcess.listen(directory, socket);
				ConfigurableApplicationContext context = start(client, tcp.port(), socket,
						"loopback.fastpath.unix.peers." + tcp.port() + ".user=" + ME)) {
			assertThatThrownBy(() -> client.get(context, "http://127.0.0.1:" + tcp.port() + "/"))
				.hasRootCauseInstanceOf(UnixSocketPeerException.class)
				.rootCause()
				.hasMessageMatching(".* is (user " + PeerProcess.USER + "|uid 65534)[, ].*");
			assertThat(sidecar.nextLine()).isEqualTo("closed 0");
			assertThat(tcp.clientPorts()).isEmpty();
			assertThat(context.getBean(UnixSocketTransport.class).routes().get(tcp.port()).peerRejected()).isEqualTo(1);
		}
	}

	@ParameterizedTest
	@EnumSource(Client.class)
	@EnabledIf("io.github.loopbackfastpath.unix.PeerProcess#available")
	void aSidecarRunningAsNobodyIsServedWhenTheRouteExpectsIt(Client client) throws Exception {
		Path directory = PeerProcess.directory(this.dir);
		Path socket = directory.resolve("s.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				PeerProcess sidecar = PeerProcess.listen(directory, socket);
				ConfigurableApplicationContext context = start(client, tcp.port(), socket,
						"loopback.fastpath.unix.peers." + tcp.port() + ".user=" + PeerProcess.USER,
						"loopback.fastpath.unix.peers." + tcp.port() + ".group=" + PeerProcess.GROUP_ID)) {
			assertThat(client.get(context, "http://127.0.0.1:" + tcp.port() + "/")).isEqualTo("peer");
			assertThat(sidecar.nextLine()).startsWith("closed ").isNotEqualTo("closed 0");
			assertThat(context.getBean(UnixSocketTransport.class).routes().get(tcp.port()).peerRejected()).isZero();
		}
	}

	/**
	 * The connections of the application's own Netty bootstraps (gRPC's channel factory
	 * and {@link UnixNettyChannels#connect}) are checked too, and fail the same way.
	 */
	@Test
	void nettyBootstrapsRefuseASocketOfAnotherUser() throws Exception {
		Path socket = this.dir.resolve("s.sock");
		int port = 15001;
		UnixSocketTransport transport = UnixSocketTransport.of(Map.of(port, socket.toString()), OnUnavailable.TCP, null,
				null, new UnixSocketTransport.Peers(Map.of(port, UnixPeerRule.of(List.of(PeerProcess.USER), List.of())),
						null));
		UnixNettyChannels channels = new UnixNettyChannels(transport);
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		try (CountingUnixSidecar sidecar = CountingUnixSidecar.start(socket)) {
			Bootstrap bootstrap = new Bootstrap().group(group)
				.channel(NioSocketChannel.class)
				.handler(new ChannelInboundHandlerAdapter());
			Future<Channel> connect = channels.connect(bootstrap, new InetSocketAddress("127.0.0.1", port));
			assertThat(connect.await(30_000)).isTrue();
			assertThat(connect.cause()).isInstanceOf(UnixSocketPeerException.class);
			assertThat(sidecar.nextConnectionBytes()).isZero();
			Channel routed = channels.channelFactory(transport.routes().get(port), NioSocketChannel::new).newChannel();
			routed.pipeline().addLast(new ChannelInboundHandlerAdapter());
			assertThat(group.register(routed).await(30_000)).isTrue();
			io.netty.channel.ChannelFuture attempt = routed.connect(new InetSocketAddress("127.0.0.1", port));
			assertThat(attempt.await(30_000)).isTrue();
			assertThat(attempt.cause()).isInstanceOf(UnixSocketPeerException.class);
			assertThat(sidecar.nextConnectionBytes()).isZero();
			assertThat(transport.routes().get(port).peerRejected()).isEqualTo(2);
			assertThat(transport.routes().get(port).fallbacks()).isZero();
		}
		finally {
			group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).await(30_000);
		}
	}

	static ConfigurableApplicationContext start(Client client, int port, Path socket, String... properties) {
		return new SpringApplicationBuilder(ClientApp.class).web(WebApplicationType.NONE)
			.properties("loopback.fastpath.enabled=true", "loopback.fastpath.unix.routes." + port + "=" + socket,
					client.property)
			.properties(properties)
			.run();
	}

	enum Client {

		APACHE_REST_CLIENT("spring.http.clients.imperative.factory=http-components") {
			@Override
			String get(ConfigurableApplicationContext context, String url) {
				return context.getBean(RestClient.Builder.class).build().get().uri(url).retrieve().body(String.class);
			}
		},

		REACTOR_REST_CLIENT("spring.http.clients.imperative.factory=reactor") {
			@Override
			String get(ConfigurableApplicationContext context, String url) {
				return context.getBean(RestClient.Builder.class).build().get().uri(url).retrieve().body(String.class);
			}
		},

		WEB_CLIENT("spring.http.clients.reactive.connector=reactor") {
			@Override
			String get(ConfigurableApplicationContext context, String url) {
				return context.getBean(WebClient.Builder.class)
					.build()
					.get()
					.uri(url)
					.retrieve()
					.bodyToMono(String.class)
					.block(Duration.ofSeconds(30));
			}
		};

		private final String property;

		Client(String property) {
			this.property = property;
		}

		abstract String get(ConfigurableApplicationContext context, String url);

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ClientApp {

	}

}
