package io.github.loopbackfastpath.httpcomponents;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.loopbackfastpath.FailureMode;
import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.handle.SocketHandles;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.platform.FastPathPlatforms;
import io.github.loopbackfastpath.policy.LoopbackPolicy;
import io.github.loopbackfastpath.test.EnabledIfWsaStandIn;
import io.github.loopbackfastpath.test.NioHandles;
import io.github.loopbackfastpath.test.WsaStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link FastPathSocketFactory} and {@link FastPathSocket} on real loopback sockets: the
 * socket behaves as the JDK socket Apache HttpClient expects, with the fast-path call
 * before connect.
 */
@EnabledIfWsaStandIn
class FastPathSocketTests {

	private final FastPathOutcomes outcomes = new FastPathOutcomes();

	private FastPathSocketFactory factory;

	@BeforeEach
	void installStandIn() {
		// The platform is chosen when the fast path is created: after the native test
		// seam is set.
		WsaStandIn.install();
		this.factory = new FastPathSocketFactory(new LoopbackFastPath(FastPathPlatforms.detect(),
				SocketHandles.detect(), new LoopbackPolicy(true, true, List.of()), this.outcomes, FailureMode.FALLBACK),
				"test-client");
	}

	@AfterEach
	void uninstallStandIn() {
		WsaStandIn.uninstall();
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1" })
	void socketDelegatesToItsChannelAndIsOfferedTheFastPathBeforeConnect(String host) throws Exception {
		InetAddress loopback = InetAddress.getByName(host);
		try (ServerSocket server = new ServerSocket(0, 50, loopback); Socket socket = this.factory.create(null)) {
			SocketChannel channel = socket.getChannel();
			assertThat(channel).isNotNull();
			// What HttpClient's operator does before connect (configureSocket).
			socket.setSoTimeout(200);
			socket.setTcpNoDelay(true);
			socket.setKeepAlive(true);
			socket.setReuseAddress(true);
			socket.setReceiveBufferSize(64 * 1024);
			socket.setSendBufferSize(64 * 1024);
			socket.setOption(StandardSocketOptions.SO_LINGER, 1);
			assertThat(socket.supportedOptions()).contains(StandardSocketOptions.TCP_NODELAY);
			assertThat(socket.isBound()).isFalse();
			assertThat(socket.isConnected()).isFalse();
			InetSocketAddress destination = new InetSocketAddress(loopback, server.getLocalPort());
			socket.connect(destination, 1000);
			assertThat(WsaStandIn.calls()).singleElement().satisfies((call) -> {
				assertThat(call.violation()).isEmpty();
				assertThat(call.connected()).isFalse();
				assertThat(call.handle()).isEqualTo(NioHandles.fd(channel));
			});
			assertThat(this.outcomes.components().get("test-client").applied()).isEqualTo(1);
			// The superclass has no socket of its own: every answer comes from
			// the channel.
			assertThat(socket.isConnected()).isTrue();
			assertThat(channel.isConnected()).isTrue();
			assertThat(socket.getRemoteSocketAddress()).isEqualTo(destination);
			assertThat(socket.getInetAddress()).isEqualTo(loopback);
			assertThat(socket.getPort()).isEqualTo(server.getLocalPort());
			assertThat(socket.getLocalSocketAddress()).isEqualTo(channel.getLocalAddress());
			assertThat(socket.getLocalPort()).isPositive();
			assertThat(socket.getSoTimeout()).isEqualTo(200);
			assertThat(socket.getTcpNoDelay()).isTrue();
			assertThat(socket.getKeepAlive()).isTrue();
			assertThat(socket.getSoLinger()).isEqualTo(1);
			assertThat(socket.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
			try (Socket accepted = server.accept()) {
				assertThat(accepted.getPort()).isEqualTo(socket.getLocalPort());
				OutputStream out = socket.getOutputStream();
				out.write("ping".getBytes());
				out.flush();
				assertThat(accepted.getInputStream().readNBytes(4)).isEqualTo("ping".getBytes());
				accepted.getOutputStream().write("pong".getBytes());
				InputStream in = socket.getInputStream();
				assertThat(in.readNBytes(4)).isEqualTo("pong".getBytes());
				// HttpClient's read timeout is SO_TIMEOUT on the socket: the channel's
				// stream honours it
				// and stays usable afterwards.
				assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(in::read);
				assertThat(socket.isClosed()).isFalse();
				accepted.getOutputStream().write('!');
				assertThat(in.read()).isEqualTo('!');
				socket.shutdownOutput();
				assertThat(socket.isOutputShutdown()).isTrue();
				assertThat(accepted.getInputStream().read()).isEqualTo(-1);
			}
			socket.close();
			assertThat(socket.isClosed()).isTrue();
			assertThat(channel.isOpen()).isFalse();
		}
		assertThat(WsaStandIn.calls()).hasSize(1);
	}

	@Test
	void connectingAClosedSocketFailsWithoutAFastPathCall() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Socket socket = this.factory.create(null);
			socket.close();
			assertThatExceptionOfType(java.io.IOException.class).isThrownBy(
					() -> socket.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), 1000));
			assertThat(WsaStandIn.calls()).isEmpty();
			assertThat(this.outcomes.components()).doesNotContainKey("test-client");
		}
	}

	@Test
	void socksProxyGetsTheJdkSocketWithoutAChannel() throws Exception {
		Proxy socks = new Proxy(Proxy.Type.SOCKS, new InetSocketAddress(InetAddress.getLoopbackAddress(), 1080));
		try (Socket socket = this.factory.create(socks)) {
			assertThat(socket).isNotInstanceOf(FastPathSocket.class);
			assertThat(socket.getChannel()).isNull();
		}
		assertThat(WsaStandIn.calls()).isEmpty();
	}

	@Test
	void connectionThroughASocksProxyIsRecordedAsSkippedWithItsDestination() throws Exception {
		InetAddress loopback = InetAddress.getByName("127.0.0.1");
		try (ServerSocket proxy = new ServerSocket(0, 50, loopback)) {
			CompletableFuture<InetSocketAddress> requested = CompletableFuture.supplyAsync(() -> socks5Connect(proxy));
			Proxy socks = new Proxy(Proxy.Type.SOCKS, new InetSocketAddress(loopback, proxy.getLocalPort()));
			InetSocketAddress destination = new InetSocketAddress(loopback, 3500);
			try (Socket socket = this.factory.create(socks)) {
				socket.connect(destination, 5000);
				assertThat(socket.isConnected()).isTrue();
			}
			assertThat(requested.get(10, TimeUnit.SECONDS)).as("what the proxy was asked to connect to")
				.isEqualTo(destination);
		}
		assertThat(WsaStandIn.calls()).isEmpty();
		ComponentStats stats = this.outcomes.components().get("test-client");
		assertThat(stats.skips()).containsExactly(Map.entry("unhooked", 1L));
		assertThat(stats.destinations()).containsOnlyKeys(3500);
	}

	/**
	 * Answers one SOCKS 5 client as a proxy would, without connecting anywhere: no
	 * authentication, then success for the requested IPv4 destination, which is returned.
	 */
	private static InetSocketAddress socks5Connect(ServerSocket proxy) {
		try (Socket client = proxy.accept()) {
			DataInputStream in = new DataInputStream(client.getInputStream());
			OutputStream out = client.getOutputStream();
			assertThat(in.readUnsignedByte()).as("SOCKS version").isEqualTo(5);
			in.readNBytes(in.readUnsignedByte());
			out.write(new byte[] { 5, 0 });
			byte[] request = in.readNBytes(4);
			assertThat(request).as("CONNECT to an IPv4 address").containsExactly(5, 1, 0, 1);
			InetAddress address = InetAddress.getByAddress(in.readNBytes(4));
			int port = in.readUnsignedShort();
			out.write(new byte[] { 5, 0, 0, 1, 127, 0, 0, 1, 0, 0 });
			out.flush();
			return new InetSocketAddress(address, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void socketDroppedWithoutCloseHasItsChannelClosedWhenCollected() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			SocketChannel channel = connectAndDrop(server);
			try (Socket accepted = server.accept()) {
				assertThat(channel.isOpen()).isTrue();
				// A JDK socket would be closed by its cleaner; a bare channel never is.
				// Bounded polling of the observable condition: collection has no event to
				// wait on.
				for (int i = 0; i < 100 && channel.isOpen(); i++) {
					System.gc();
					Thread.sleep(50);
				}
				assertThat(channel.isOpen()).as("channel of a collected socket").isFalse();
				accepted.setSoTimeout(5000);
				assertThat(accepted.getInputStream().read()).as("the peer sees the connection end").isEqualTo(-1);
			}
		}
	}

	/**
	 * Connects a socket and returns only its channel, so that nothing holds the socket.
	 */
	private SocketChannel connectAndDrop(ServerSocket server) throws IOException {
		Socket socket = this.factory.create(null);
		socket.connect(server.getLocalSocketAddress(), 5000);
		return socket.getChannel();
	}

}
