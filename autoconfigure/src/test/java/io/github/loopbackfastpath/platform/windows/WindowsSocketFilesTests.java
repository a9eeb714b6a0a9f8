package io.github.loopbackfastpath.platform.windows;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.loopbackfastpath.platform.windows.WindowsSocketFiles.FileType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only a reparse point with the AF_UNIX tag counts as a socket file on Windows; every
 * other reparse point (which the JDK's {@code isOther()} reports the same way) is left
 * alone. The tags are those of winnt.h.
 */
class WindowsSocketFilesTests {

	private static final int FILE_ATTRIBUTE_ARCHIVE = 0x20;

	private static final int REPARSE_FILE = WindowsSocketFiles.FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_ARCHIVE;

	private static final int REPARSE_DIRECTORY = WindowsSocketFiles.FILE_ATTRIBUTE_REPARSE_POINT
			| WindowsSocketFiles.FILE_ATTRIBUTE_DIRECTORY;

	@Test
	void aReparsePointWithTheAfUnixTagIsASocket() {
		assertThat(new FileType(REPARSE_FILE, 0x80000023).isSocket()).isTrue();
	}

	@Test
	void otherReparsePointsAreNotSockets() {
		assertThat(new FileType(REPARSE_DIRECTORY, 0xA0000003).isSocket()).as("junction (MOUNT_POINT)").isFalse();
		assertThat(new FileType(REPARSE_FILE, 0xA000000C).isSocket()).as("symbolic link").isFalse();
		assertThat(new FileType(REPARSE_FILE, 0x9000001A).isSocket()).as("OneDrive placeholder (CLOUD_1)").isFalse();
		assertThat(new FileType(REPARSE_FILE, 0x80000013).isSocket()).as("deduplicated file (DEDUP)").isFalse();
		assertThat(new FileType(REPARSE_FILE, 0x8000001B).isSocket()).as("app execution alias").isFalse();
		assertThat(new FileType(REPARSE_DIRECTORY, 0x80000023).isSocket()).as("a directory with the tag").isFalse();
	}

	@Test
	void withoutTheReparseAttributeTheReservedWordMeansNothing() {
		assertThat(new FileType(FILE_ATTRIBUTE_ARCHIVE, 0x80000023).isSocket()).isFalse();
	}

	@Test
	@EnabledOnOs(value = OS.WINDOWS, disabledReason = "FindFirstFileW is kernel32's")
	void findFirstFileReportsFilesAndDirectoriesAsTheyAreAndNoneAsSockets(@TempDir Path dir) throws Exception {
		Path file = Files.writeString(dir.resolve("app.sock"), "precious data");
		FileType fileType = WindowsSocketFiles.type(file);
		assertThat(fileType).isNotNull();
		assertThat(fileType.attributes() & WindowsSocketFiles.FILE_ATTRIBUTE_DIRECTORY).isZero();
		assertThat(WindowsSocketFiles.isSocket(file)).isFalse();
		Path directory = Files.createDirectory(dir.resolve("run"));
		FileType directoryType = WindowsSocketFiles.type(directory);
		assertThat(directoryType).isNotNull();
		assertThat(directoryType.attributes() & WindowsSocketFiles.FILE_ATTRIBUTE_DIRECTORY).isNotZero();
		assertThat(WindowsSocketFiles.isSocket(directory)).isFalse();
		assertThat(WindowsSocketFiles.type(dir.resolve("missing.sock"))).isNull();
		assertThat(WindowsSocketFiles.isSocket(dir.resolve("missing.sock"))).isFalse();
	}

}
