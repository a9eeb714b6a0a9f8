package io.github.loopbackfastpath.unix;

import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.TestPaths;
import io.github.loopbackfastpath.test.UnixSidecar;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The path-safety rules on real files and sockets, and the route decision.
 */
@Tag("unix")
class UnixSocketPathsTests {

	private static final String PROPERTY = "loopback.fastpath.unix.server.path";

	private static final Set<PosixFilePermission> PERMISSIONS = PosixFilePermissions.fromString("rw-rw----");

	@TempDir
	Path dir;

	@Test
	void aRegularFileWithDataIsRefusedAndLeftIntact() throws Exception {
		Path file = this.dir.resolve("app.sock");
		Files.writeString(file, "precious data", StandardCharsets.UTF_8);
		assertThatExceptionOfType(UnixSocketPathException.class)
			.isThrownBy(() -> UnixSocketPaths.prepareForBind(PROPERTY, file))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo(PROPERTY);
				assertThat(ex.getProblem()).contains("not a Unix socket").contains("never deletes");
				assertThat(ex.getAction()).contains(PROPERTY);
			});
		assertThat(file).hasContent("precious data");
	}

	@Test
	void aDirectoryIsRefusedAndLeftIntact() throws Exception {
		Path directory = Files.createDirectory(this.dir.resolve("app.sock"));
		Files.writeString(directory.resolve("inside"), "x");
		assertThatExceptionOfType(UnixSocketPathException.class)
			.isThrownBy(() -> UnixSocketPaths.prepareForBind(PROPERTY, directory));
		assertThat(directory.resolve("inside")).hasContent("x");
	}

	@Test
	@EnabledIfUnixDomainSockets
	void aStaleSocketIsReplaced() throws Exception {
		Path socket = this.dir.resolve("app.sock");
		UnixSidecar.stale(socket);
		assertThat(UnixSocketPaths.isSocket(socket)).isTrue();
		UnixSocketPaths.prepareForBind(PROPERTY, socket);
		assertThat(socket).doesNotExist();
	}

	@Test
	@EnabledIfUnixDomainSockets
	void aSocketSomeoneListensOnIsRefusedAndKeepsWorking() throws Exception {
		Path socket = this.dir.resolve("app.sock");
		try (UnixSidecar sidecar = UnixSidecar.start(socket)) {
			assertThatExceptionOfType(UnixSocketPathException.class)
				.isThrownBy(() -> UnixSocketPaths.prepareForBind(PROPERTY, socket))
				.withMessageContaining("another process is listening");
			try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
				assertThat(channel.connect(UnixDomainSocketAddress.of(socket))).isTrue();
			}
		}
	}

	@Test
	void nothingAtThePathIsFine() {
		Path socket = this.dir.resolve("app.sock");
		UnixSocketPaths.prepareForBind(PROPERTY, socket);
		assertThat(socket).doesNotExist();
	}

	@Test
	void aRelativePathIsRefused() {
		assertThatExceptionOfType(UnixSocketPathException.class)
			.isThrownBy(() -> UnixSocketPaths.check(PROPERTY, "run/app.sock"))
			.satisfies((ex) -> assertThat(ex.getAction()).contains(TestPaths.absolutePathAdvice()));
	}

	@Test
	@EnabledOnOs(value = OS.WINDOWS, disabledReason = "Windows path rules")
	void onWindowsAPathWithoutADriveLetterIsRefusedAndADrivePathIsAccepted() {
		assertThatExceptionOfType(UnixSocketPathException.class)
			.isThrownBy(() -> UnixSocketPaths.check(PROPERTY, "/run/a.sock"))
			.satisfies((ex) -> {
				assertThat(ex.getProblem()).contains("not an absolute Windows path").contains("drive letter");
				assertThat(ex.getAction()).contains("absolute Windows path, for example C:\\run\\app\\http.sock");
			});
		assertThat(UnixSocketPaths.check(PROPERTY, "C:\\run\\app.sock")).hasToString("C:\\run\\app.sock");
		assertThat(UnixSocketPaths.maxPathBytes()).as("sun_path of afunix.h holds 108 bytes").isEqualTo(107);
	}

	@Test
	@EnabledOnOs(value = OS.WINDOWS, disabledReason = "the JDK encodes socket paths in UTF-8 on Windows only")
	void onWindowsTheLimitCountsTheUtf8BytesTheJdkPutsInSunPath() {
		// 56 characters, 109 bytes in UTF-8.
		String path = "C:\\" + "\u00e9".repeat(53);
		assertThatExceptionOfType(UnixSocketPathException.class).isThrownBy(() -> UnixSocketPaths.check(PROPERTY, path))
			.satisfies((ex) -> assertThat(ex.getProblem()).startsWith("109 bytes long").contains("sun_path"));
	}

	@Test
	void aPathLongerThanSunPathIsRefused() {
		String path = this.dir.resolve("x".repeat(UnixSocketPaths.maxPathBytes())).toString();
		assertThatExceptionOfType(UnixSocketPathException.class).isThrownBy(() -> UnixSocketPaths.check(PROPERTY, path))
			.satisfies((ex) -> assertThat(ex.getProblem()).contains("sun_path"));
		String root = TestPaths.absolute("");
		String longest = root + "y".repeat(UnixSocketPaths.maxPathBytes() - root.length());
		assertThat(UnixSocketPaths.check(PROPERTY, longest)).hasToString(longest);
	}

	@Test
	void aMissingDirectoryIsRefusedForTheServer() {
		String path = this.dir.resolve("missing").resolve("app.sock").toString();
		assertThatExceptionOfType(UnixSocketPathException.class)
			.isThrownBy(() -> UnixSocketPaths.checkListenPath(PROPERTY, path, PERMISSIONS))
			.satisfies((ex) -> assertThat(ex.getAction()).contains("Create the directory"));
	}

	@Test
	void badPermissionsAreRefused() {
		assertThatExceptionOfType(UnixSocketPathException.class)
			.isThrownBy(() -> UnixSocketPaths.permissions("loopback.fastpath.unix.server.permissions", "0660"))
			.satisfies((ex) -> assertThat(ex.getAction()).contains("rw-rw----"));
	}

	@Test
	void onlyPlainHttpToLoopbackHostsOnRoutedPortsIsRouted() {
		UnixSocketTransport transport = UnixSocketTransport.ofRoutes(
				Map.of(15001, TestPaths.absolute("run", "envoy.sock"), 80, TestPaths.absolute("run", "a.sock")),
				OnUnavailable.TCP);
		assertThat(transport.route(URI.create("http://127.0.0.1:15001/x"))).isNotNull();
		assertThat(transport.route(URI.create("http://127.9.8.7:15001/x"))).isNotNull();
		assertThat(transport.route(URI.create("http://[::1]:15001/x"))).isNotNull();
		assertThat(transport.route(URI.create("http://LOCALHOST:15001/x"))).isNotNull();
		assertThat(transport.route(URI.create("http://localhost/x")).path())
			.hasToString(TestPaths.absolute("run", "a.sock"));
		assertThat(transport.route(URI.create("https://127.0.0.1:15001/x"))).isNull();
		assertThat(transport.route(URI.create("http://127.0.0.1:15002/x"))).isNull();
		assertThat(transport.route(URI.create("http://10.0.0.1:15001/x"))).isNull();
		assertThat(transport.route(URI.create("http://[::2]:15001/x"))).isNull();
		assertThat(transport.route(URI.create("http://sidecar.example:15001/x"))).isNull();
	}

}
