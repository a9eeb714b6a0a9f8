package io.github.loopbackfastpath.unix;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.UnixSidecar;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link UnixSocketTransport#connect}, the per-connection API for code that opens its own
 * sockets, on real sockets, without Spring.
 */
@Tag("unix")
class UnixSocketTransportConnectTests {

	@TempDir
	Path dir;

	@Test
	@EnabledIfUnixDomainSockets
	void routedDestinationGetsAUnixSocketToTheSidecar() throws Exception {
		Path socket = this.dir.resolve("sidecar.sock");
		int port = UnixSidecar.unusedPort();
		UnixSocketTransport transport = UnixSocketTransport.ofRoutes(Map.of(port, socket.toString()),
				OnUnavailable.TCP);
		try (UnixSidecar sidecar = UnixSidecar.start(socket);
				SocketChannel channel = transport.connect(new InetSocketAddress("::1", port))) {
			assertThat(channel.getRemoteAddress()).isEqualTo(UnixDomainSocketAddress.of(socket));
			assertThat(get(channel, "[::1]:" + port)).contains(UnixSidecar.BODY);
			assertThat(sidecar.hosts()).containsExactly("[::1]:" + port);
			assertThat(transport.routes().get(port).connections()).isEqualTo(1);
		}
	}

	@Test
	void aFailedConnectToAMissingFileIsUnavailableWhateverLanguageTheMessageIsIn() throws Exception {
		Path socket = this.dir.resolve("sidecar.sock");
		UnixRoute route = new UnixRoute(15001, socket);
		// What the JDK throws for ENOENT under a German locale.
		SocketException german = new SocketException("Datei oder Verzeichnis nicht gefunden");
		assertThat(UnixSocketTransport.isUnavailable(german)).isFalse();
		assertThat(UnixSocketTransport.isUnavailableOnConnect(route, german)).isTrue();
		// A file is there: the failure is something else.
		Files.writeString(socket, "not a socket");
		assertThat(UnixSocketTransport.isUnavailableOnConnect(route, german)).isFalse();
	}

	@Test
	@EnabledIfUnixDomainSockets
	void missingSocketFallsBackToTcpOrFailsNamingThePath() throws Exception {
		Path socket = this.dir.resolve("missing.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1")) {
			InetSocketAddress destination = new InetSocketAddress("127.0.0.1", tcp.port());
			UnixSocketTransport fallback = UnixSocketTransport.ofRoutes(Map.of(tcp.port(), socket.toString()),
					OnUnavailable.TCP);
			try (SocketChannel channel = fallback.connect(destination)) {
				assertThat(channel.getRemoteAddress()).isInstanceOf(InetSocketAddress.class);
				assertThat(get(channel, "127.0.0.1:" + tcp.port())).contains("pong");
			}
			assertThat(fallback.routes().get(tcp.port()).fallbacks()).isEqualTo(1);
			UnixSocketTransport fail = UnixSocketTransport.ofRoutes(Map.of(tcp.port(), socket.toString()),
					OnUnavailable.FAIL);
			assertThatExceptionOfType(UnixSocketUnavailableException.class).isThrownBy(() -> fail.connect(destination))
				.withMessageContaining(socket.toString());
			assertThat(fail.routes().get(tcp.port()).failures()).isEqualTo(1);
			assertThat(tcp.clientPorts()).hasSize(1);
		}
	}

	private static String get(SocketChannel channel, String host) throws IOException {
		channel.write(ByteBuffer.wrap(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII)));
		ByteBuffer buffer = ByteBuffer.allocate(4096);
		StringBuilder response = new StringBuilder();
		while (channel.read(buffer) > 0) {
			buffer.flip();
			response.append(StandardCharsets.US_ASCII.decode(buffer));
			buffer.clear();
		}
		return response.toString();
	}

}
