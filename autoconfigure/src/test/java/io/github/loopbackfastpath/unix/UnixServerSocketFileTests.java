package io.github.loopbackfastpath.unix;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.UnixSockets;
import io.github.loopbackfastpath.unix.UnixServerSocketFile.Identity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The bind routine both servers share, on real sockets, where a test can reach its edges:
 * a file that appears at the path while the socket is bound, a directory too long for the
 * temporary bind path, and a socket at the path that is no longer the one bound.
 */
@EnabledIfUnixDomainSockets
@ExtendWith(OutputCaptureExtension.class)
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

	/**
	 * Once this socket is closed its inode number is free (while it is open the socket
	 * holds it), and on ext4 the next socket created in the same directory usually gets
	 * it: then only the modification times tell the two apart.
	 */
	@Test
	void aSocketBoundAtThePathAfterOursWasClosedAndDeletedIsLeftInPlace() throws Exception {
		Path path = this.dir.resolve("app.sock");
		UnixServerSocketFile file;
		Identity bound;
		try (ServerSocketChannel ours = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			file = UnixServerSocketFile.bind(PROPERTY, path, null, (address) -> {
				ours.bind(UnixDomainSocketAddress.of(address));
				return ours;
			});
			bound = UnixServerSocketFile.identity(path);
		}
		assertThat(bound).isNotNull();
		Path probe = Files.createFile(this.dir.resolve("clock"));
		Files.delete(path);
		awaitFileSystemClockPast(probe, bound.modified());
		try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			other.bind(UnixDomainSocketAddress.of(path));
			assertThat(file.remove()).isFalse();
			assertThat(UnixSocketPaths.isSocket(path)).isTrue();
			try (SocketChannel client = UnixSockets.connect(path); SocketChannel accepted = other.accept()) {
				assertThat(accepted).isNotNull();
			}
		}
	}

	@Test
	void aSocketWithTheBoundInodeButAnotherModificationTimeIsLeftInPlace() throws Exception {
		Path path = this.dir.resolve("app.sock");
		try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			socket.bind(UnixDomainSocketAddress.of(path));
			Identity identity = UnixServerSocketFile.identity(path);
			assertThat(identity).isNotNull();
			assertThat(identity.key()).isNotNull();
			FileTime modified = identity.modified();
			assertThat(modified).isNotNull();
			// As if this socket had been given the inode number of one bound earlier.
			Identity earlier = new Identity(identity.key(), FileTime.from(modified.toInstant().minusNanos(1)));
			assertThat(new UnixServerSocketFile(path, earlier).remove()).isFalse();
			assertThat(UnixSocketPaths.isSocket(path)).isTrue();
			assertThat(new UnixServerSocketFile(path, identity).remove()).isTrue();
			assertThat(path).doesNotExist();
		}
	}

	@Test
	void withoutAnIdentityTheReasonIsLoggedAndAnySocketIsRemoved(CapturedOutput output) throws Exception {
		Path path = this.dir.resolve("app.sock");
		try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			socket.bind(UnixDomainSocketAddress.of(path));
			UnixServerSocketFile file = UnixServerSocketFile.bound(path, null);
			assertThat(output).contains("The Unix socket " + path + " has no identity")
				.contains("its file system has no file keys");
			assertThat(file.remove()).isTrue();
			assertThat(path).doesNotExist();
		}
	}

	/**
	 * Waits until a file written now gets a later modification time than the given one,
	 * so that a socket bound next does too: the file system's clock may advance only
	 * every few milliseconds. The probe is only rewritten, never created, so that it
	 * takes no inode number a socket could get.
	 */
	private void awaitFileSystemClockPast(Path probe, FileTime time) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(() -> {
			Files.write(probe, new byte[] { 1 });
			return Files.getLastModifiedTime(probe).compareTo(time) > 0;
		});
	}

}
