package io.github.loopbackfastpath.platform.windows;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.loopbackfastpath.platform.windows.WindowsSocketFiles.FileId;
import io.github.loopbackfastpath.platform.windows.WindowsSocketFiles.FileType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only a reparse point with the AF_UNIX tag counts as a socket file on Windows; every
 * other reparse point (which the JDK's {@code isOther()} reports the same way) is left
 * alone. The tags are those of winnt.h. A file's identity ({@code fileId}) is its own,
 * shared by its hard links only.
 * <p>
 * The kernel32 tests run under Wine too, whose Wine 8 has no AF_UNIX: no socket file can
 * be made there, so the identity is proved on regular files. Delete-and-recreate is not
 * tested: Wine takes a file index from the Linux inode number, which can be reused, where
 * NTFS's carries a sequence number. Nor is a symbolic link: Wine 8 opens none with
 * {@code FILE_FLAG_OPEN_REPARSE_POINT}.
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

	@Test
	@EnabledOnOs(value = OS.WINDOWS, disabledReason = "CreateFileW and GetFileInformationByHandle are kernel32's")
	void aFileKeepsItsIdentityAcrossReadsAndARename(@TempDir Path dir) throws Exception {
		Path file = Files.writeString(dir.resolve("app.sock"), "precious data");
		FileId identity = WindowsSocketFiles.fileId(file);
		assertThat(identity).isNotNull();
		assertThat(WindowsSocketFiles.fileId(file)).isEqualTo(identity);
		Path renamed = Files.move(file, dir.resolve("renamed.sock"));
		assertThat(WindowsSocketFiles.fileId(renamed)).isEqualTo(identity);
	}

	@Test
	@EnabledOnOs(value = OS.WINDOWS, disabledReason = "CreateFileW and GetFileInformationByHandle are kernel32's")
	void twoFilesHaveTwoIdentities(@TempDir Path dir) throws Exception {
		FileId first = WindowsSocketFiles.fileId(Files.writeString(dir.resolve("first.sock"), "1"));
		FileId second = WindowsSocketFiles.fileId(Files.writeString(dir.resolve("second.sock"), "2"));
		assertThat(first).isNotNull();
		assertThat(second).isNotNull();
		assertThat(second).isNotEqualTo(first);
		assertThat(second.volumeSerialNumber()).as("same volume").isEqualTo(first.volumeSerialNumber());
		assertThat(second.fileIndex()).isNotEqualTo(first.fileIndex());
	}

	@Test
	@EnabledOnOs(value = OS.WINDOWS, disabledReason = "CreateFileW and GetFileInformationByHandle are kernel32's")
	void aHardLinkHasTheIdentityOfItsTarget(@TempDir Path dir) throws Exception {
		Path target = Files.writeString(dir.resolve("app.sock"), "precious data");
		Path link = Files.createLink(dir.resolve("link.sock"), target);
		FileId identity = WindowsSocketFiles.fileId(target);
		assertThat(identity).isNotNull();
		assertThat(WindowsSocketFiles.fileId(link)).isEqualTo(identity);
	}

	@Test
	@EnabledOnOs(value = OS.WINDOWS, disabledReason = "CreateFileW is kernel32's")
	void aMissingFileHasNoIdentity(@TempDir Path dir) {
		assertThat(WindowsSocketFiles.fileId(dir.resolve("missing.sock"))).isNull();
	}

}
