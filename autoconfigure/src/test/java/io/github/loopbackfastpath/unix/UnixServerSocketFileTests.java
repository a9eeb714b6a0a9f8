package io.github.loopbackfastpath.unix;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bind routine both servers share, on real sockets, where a test can reach its edges:
 * a file that appears at the path while the socket is bound, and a directory too long for
 * the temporary bind path.
 */
@EnabledIfUnixDomainSockets
class UnixServerSocketFileTests {

	private static final String PROPERTY = "loopback.fastpath.unix.server.path";

	private static final FileAttribute<Set<PosixFilePermission>> OWNER_AND_GROUP = PosixFilePermissions
		.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---"));

	@TempDir
	Path dir;

	@Test
	void aFileThatAppearsWhileBindingIsNeitherReplacedNorLeftWithASocket() throws Exception {
		Path path = this.dir.resolve("app.sock");
		try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			assertThatExceptionOfType(UnixSocketPathException.class).isThrownBy(() -> UnixServerSocketFile
				.bind(PROPERTY, path, PosixFilePermissions.fromString("rw-------"), (address) -> {
					socket.bind(UnixDomainSocketAddress.of(address));
					Files.writeString(path, "precious data");
					return socket;
				})).satisfies((ex) -> assertThat(ex.getProblem()).contains("appeared"));
			assertThat(socket.isOpen()).as("the socket bound for it is closed").isFalse();
		}
		assertThat(path).hasContent("precious data");
		try (Stream<Path> files = Files.list(this.dir)) {
			assertThat(files).as("the private bind directory is gone").containsExactly(path);
		}
	}

	@Test
	void aDirectoryTooLongForTheTemporaryBindPathIsRefused() throws Exception {
		int bytes = this.dir.toString().getBytes(Charset.defaultCharset()).length;
		Path deep = Files.createDirectory(this.dir.resolve("d".repeat(81 - bytes - 1)), OWNER_AND_GROUP);
		assertThat(deep.toString().getBytes(Charset.defaultCharset())).hasSize(81);
		assertThatExceptionOfType(UnixSocketPathException.class)
			.isThrownBy(() -> UnixSocketPaths.checkListenPath(PROPERTY, deep.resolve("a.sock").toString(),
					PosixFilePermissions.fromString("rw-rw----")))
			.satisfies((ex) -> assertThat(ex.getProblem()).contains("private directory").contains("sun_path"));
		Path fits = Files.createDirectory(this.dir.resolve("d".repeat(80 - bytes - 1)), OWNER_AND_GROUP);
		assertThat(UnixSocketPaths.checkListenPath(PROPERTY, fits.resolve("a.sock").toString(),
				PosixFilePermissions.fromString("rw-rw----")))
			.isEqualTo(fits.resolve("a.sock"));
	}

}
