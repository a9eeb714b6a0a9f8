package io.github.loopbackfastpath.unix;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket path that other local users could take over (its directory writable by them)
 * is named at startup, once, with the fix, and kept in the status's {@code warnings}.
 * Modes are set with {@code chmod}: Java's permission set has no sticky bit.
 */
@Tag("unix")
@EnabledOnOs({ OS.LINUX, OS.MAC })
@ExtendWith(OutputCaptureExtension.class)
class UnixSocketDirectorySafetyTests {

	@TempDir
	Path dir;

	@Test
	void aWorldWritableDirectoryIsUnsafeEvenWithTheStickyBit() throws Exception {
		Path shared = directory("shared", "1777");
		assertThat(UnixSocketPaths.unsafeDirectory(shared.resolve("s.sock"))).contains("writable by every user")
			.contains("the sticky bit protects an existing socket file")
			.contains("chmod go-w " + shared.toRealPath());
		Path open = directory("open", "0777");
		assertThat(UnixSocketPaths.unsafeDirectory(open.resolve("s.sock"))).contains("writable by every user")
			.doesNotContain("sticky");
	}

	@Test
	void aGroupWritableDirectoryIsUnsafeWithoutTheStickyBit() throws Exception {
		assertThat(UnixSocketPaths.unsafeDirectory(directory("group", "0775").resolve("s.sock")))
			.contains("writable by its group without the sticky bit");
		assertThat(UnixSocketPaths.unsafeDirectory(directory("group-sticky", "1775").resolve("s.sock"))).isNull();
	}

	@Test
	void aDirectoryOfItsOwnerAloneIsSafe() throws Exception {
		assertThat(UnixSocketPaths.unsafeDirectory(directory("own", "0755").resolve("s.sock"))).isNull();
		assertThat(UnixSocketPaths.unsafeDirectory(directory("setgid", "2750").resolve("s.sock"))).isNull();
	}

	@Test
	void aDirectoryAboveThatOthersCanWriteWithoutTheStickyBitIsUnsafe() throws Exception {
		Path above = directory("above", "0777");
		Path own = Files.createDirectory(above.resolve("own"));
		chmod(own, "0755");
		assertThat(UnixSocketPaths.unsafeDirectory(own.resolve("s.sock")))
			.contains("the directory " + above.toRealPath())
			.contains("chmod +t");
		Path sticky = directory("sticky", "1777");
		Path mine = Files.createDirectory(sticky.resolve("mine"));
		chmod(mine, "0755");
		assertThat(UnixSocketPaths.unsafeDirectory(mine.resolve("s.sock"))).as("a directory of mine in /tmp").isNull();
	}

	@Test
	void aMissingDirectoryIsNotJudged() {
		assertThat(UnixSocketPaths.unsafeDirectory(this.dir.resolve("missing").resolve("s.sock"))).isNull();
	}

	@Test
	@EnabledIfUnixDomainSockets
	void startupNamesAnUnsafeRouteOnceAndTheStatusKeepsIt(CapturedOutput output) throws Exception {
		Path shared = directory("shared", "1777");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(UnixPeerCheckTests.ClientApp.class)
			.web(WebApplicationType.NONE)
			.properties("loopback.fastpath.unix.enabled=true",
					"loopback.fastpath.unix.routes.15001=" + shared.resolve("envoy.sock"),
					"loopback.fastpath.unix.routes.15002=" + directory("safe", "0755").resolve("dapr.sock"))
			.run()) {
			UnixSocketTransport transport = context.getBean(UnixSocketTransport.class);
			assertThat(transport.report().warnings()).singleElement()
				.asString()
				.startsWith("loopback.fastpath.unix.routes.15001=" + shared.resolve("envoy.sock") + ": ")
				.contains("writable by every user");
			assertThat(output.getOut().lines().filter((line) -> line.contains("writable by every user"))).hasSize(1);
		}
	}

	private Path directory(String name, String mode) throws Exception {
		Path directory = Files.createDirectory(this.dir.resolve(name));
		chmod(directory, mode);
		return directory;
	}

	private static void chmod(Path path, String mode) throws Exception {
		Process chmod = new ProcessBuilder("chmod", mode, path.toString()).inheritIO().start();
		assertThat(chmod.waitFor()).isZero();
	}

}
