package io.github.loopbackfastpath.unix;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;

import io.github.loopbackfastpath.test.TestPaths;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What {@code loopback.fastpath.unix.server.permissions} shows where the file system has
 * POSIX permissions and where it has none (Windows): the status never shows a value that
 * is not on the file. A zip file system stands in for one without POSIX permissions, so
 * that both cases run on every operating system.
 */
@Tag("unix")
class UnixSocketPermissionsStatusTests {

	@TempDir
	Path dir;

	@Test
	void withoutPosixPermissionsTheStatusAndTheStartupLineSayTheyCouldNotBeApplied() throws Exception {
		try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + this.dir.resolve("no-posix.zip").toUri()),
				Map.of("create", "true"))) {
			Path socket = zip.getPath("/app.sock");
			assertThat(UnixSocketPaths.hasPosixPermissions(socket)).isFalse();
			UnixSocketTransport transport = new UnixSocketTransport(Map.of(), OnUnavailable.TCP, socket, "rw-rw----");
			assertThat(transport.report().describe())
				.contains("permissions rw-rw---- (loopback.fastpath.unix.server.permissions)"
						+ " could not be applied: this file system has no POSIX permissions");
			UnixSocketListener listener = transport.server().listening("tomcat", socket, "rw-rw----");
			assertThat(listener.permissions()).isNull();
			assertThat(listener.permissionsNotApplied())
				.startsWith("rw-rw---- (loopback.fastpath.unix.server.permissions)")
				.contains("could not be applied")
				.contains("ACL");
			assertThat(transport.report().describe()).contains("could not be applied");
			assertThat(UnixSocketPaths.applyPermissions(socket, UnixSocketPaths.permissions("p", "rw-rw----")))
				.isFalse();
		}
	}

	@Test
	void withPosixPermissionsTheStatusShowsThem() {
		assumeTrue(TestPaths.hasPosixPermissions(this.dir), "no POSIX permissions on this file system");
		Path socket = this.dir.resolve("app.sock");
		UnixSocketTransport transport = new UnixSocketTransport(Map.of(), OnUnavailable.TCP, socket, "rw-rw----");
		UnixSocketListener listener = transport.server().listening("tomcat", socket, "rw-rw----");
		assertThat(listener.permissions()).isEqualTo("rw-rw----");
		assertThat(listener.permissionsNotApplied()).isNull();
		assertThat(transport.report().describe()).doesNotContain("could not be applied");
	}

	@Test
	void withoutConfiguredPermissionsNothingIsReportedAsNotApplied() throws Exception {
		try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + this.dir.resolve("none.zip").toUri()),
				Map.of("create", "true"))) {
			Path socket = zip.getPath("/app.sock");
			UnixSocketListener listener = new UnixSocketTransport(Map.of(), OnUnavailable.TCP, socket, null).server()
				.listening("netty-server", socket, null);
			assertThat(listener.permissions()).isNull();
			assertThat(listener.permissionsNotApplied()).isNull();
		}
	}

}
