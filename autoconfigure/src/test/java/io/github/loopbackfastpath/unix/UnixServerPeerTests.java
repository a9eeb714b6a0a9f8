package io.github.loopbackfastpath.unix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code loopback.fastpath.unix.server.allowed-users} restricts who may connect to the
 * application's own socket on top of its file permissions: Tomcat and Reactor Netty close
 * a connection of another user's process before reading it, count it, and serve the
 * allowed users.
 */
@Tag("unix")
@EnabledIfUnixDomainSockets
@EnabledOnOs({ OS.LINUX, OS.MAC })
class UnixServerPeerTests {

	private static final String ME = System.getProperty("user.name");

	@TempDir
	Path dir;

	@ParameterizedTest
	@EnumSource(Server.class)
	void aConnectionOfAUserNotAllowedIsClosedUnread(Server server) throws Exception {
		Path socket = this.dir.resolve("app.sock");
		try (ConfigurableApplicationContext context = server.start(socket,
				"loopback.fastpath.unix.server.allowed-users=" + PeerProcess.USER)) {
			assertThat(get(socket)).as("what this process, not nobody, got back").isEmpty();
			UnixSocketListener listener = context.getBean(UnixSocketTransport.class).server().listener();
			assertThat(listener.peerRejected()).isEqualTo(1);
			assertThat(listener.allowedPeers()).hasToString("user " + PeerProcess.USER);
		}
	}

	@ParameterizedTest
	@EnumSource(Server.class)
	void anAllowedUserIsServed(Server server) throws Exception {
		Path socket = this.dir.resolve("app.sock");
		try (ConfigurableApplicationContext context = server.start(socket,
				"loopback.fastpath.unix.server.allowed-users=" + PeerProcess.USER + "," + ME)) {
			assertThat(get(socket)).startsWith("HTTP/1.1 200").endsWith("pong");
			assertThat(context.getBean(UnixSocketTransport.class).server().listener().peerRejected()).isZero();
		}
	}

	@ParameterizedTest
	@EnumSource(Server.class)
	@EnabledIf("io.github.loopbackfastpath.unix.PeerProcess#available")
	void aProcessOfAnotherUserIsRefusedWhoseFilePermissionsLetItIn(Server server) throws Exception {
		Path directory = PeerProcess.directory(this.dir);
		Path socket = directory.resolve("app.sock");
		// The directory is nobody's: this user (root) may bind there too.
		try (ConfigurableApplicationContext context = server.start(socket,
				"loopback.fastpath.unix.server.permissions=rw-rw-rw-",
				"loopback.fastpath.unix.server.allowed-users=" + ME)) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw-rw-");
			assertThat(PeerProcess.connect(directory, socket)).isEqualTo("read 0");
			assertThat(get(socket)).as("this user is allowed").startsWith("HTTP/1.1 200");
			UnixSocketListener listener = context.getBean(UnixSocketTransport.class).server().listener();
			assertThat(listener.peerRejected()).isEqualTo(1);
		}
	}

	/**
	 * A GET over the socket; what came back before the connection ended.
	 */
	private static String get(Path socket) throws IOException {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(socket));
			try {
				channel.write(ByteBuffer.wrap("GET /ping HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.ISO_8859_1)));
			}
			catch (IOException ex) {
				// Closed by the server before the request went out: nothing came back.
				return "";
			}
			StringBuilder response = new StringBuilder();
			ByteBuffer buffer = ByteBuffer.allocate(8192);
			for (int i = 0; i < 1000; i++) {
				buffer.clear();
				int read;
				try {
					read = channel.read(buffer);
				}
				catch (IOException ex) {
					// Reset by a server that closed before reading: nothing came back.
					break;
				}
				if (read < 0) {
					break;
				}
				response.append(new String(buffer.array(), 0, read, StandardCharsets.ISO_8859_1));
			}
			return response.toString();
		}
	}

	enum Server {

		TOMCAT(UnixSocketServerTests.MvcApp.class, WebApplicationType.SERVLET),

		REACTOR_NETTY(UnixSocketServerTests.FluxApp.class, WebApplicationType.REACTIVE);

		private final Class<?> app;

		private final WebApplicationType type;

		Server(Class<?> app, WebApplicationType type) {
			this.app = app;
			this.type = type;
		}

		ConfigurableApplicationContext start(Path socket, String... properties) {
			String[] all = new String[properties.length + 1];
			System.arraycopy(properties, 0, all, 0, properties.length);
			all[properties.length] = (this == TOMCAT) ? "server.port=0" : UnixSocketServerTests.EXCLUDE_TOMCAT;
			return UnixSocketServerTests.start(this.app, this.type, socket, all);
		}

	}

}
