package io.github.loopbackfastpath.test;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * Socket paths valid on the operating system the tests run on: {@code /run/envoy.sock} is
 * absolute on Linux and macOS but relative to the current drive on Windows, where an
 * absolute path has a drive letter ({@code C:\run\envoy.sock}). Nothing is created at
 * these paths.
 */
public final class TestPaths {

	private static final boolean WINDOWS_PATHS = "\\".equals(FileSystems.getDefault().getSeparator());

	private TestPaths() {
	}

	/**
	 * An absolute path on this operating system.
	 * @param names the names below the root, for example {@code "run", "envoy.sock"}
	 * @return {@code /run/envoy.sock}, or {@code C:\run\envoy.sock} on Windows
	 */
	public static String absolute(String... names) {
		return (WINDOWS_PATHS ? "C:\\" : "/") + String.join(WINDOWS_PATHS ? "\\" : "/", names);
	}

	/**
	 * What a path-rule message recommends for a relative path on this operating system.
	 * @return the words of the advice, with the start of its example
	 */
	public static String absolutePathAdvice() {
		return WINDOWS_PATHS ? "absolute Windows path, for example C:\\" : "absolute path, for example /";
	}

	/**
	 * A path that is relative on this operating system although it may look absolute
	 * elsewhere.
	 * @return {@code run/app.sock} here, {@code /run/app.sock} on Windows (no drive
	 * letter)
	 */
	public static String relativeLookingAbsolute() {
		return WINDOWS_PATHS ? "/run/app.sock" : "run/app.sock";
	}

	/**
	 * Whether files here have POSIX permissions, which some tests set.
	 * @param dir a directory of the file system in question
	 * @return whether {@code Files.setPosixFilePermissions} works there
	 */
	public static boolean hasPosixPermissions(Path dir) {
		return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

	/**
	 * The attributes of a file that the tests compare before and after, on any operating
	 * system: type, permissions and size where the {@code unix} view has them, else the
	 * basic (and DOS) attributes.
	 * @param path the file
	 * @return the attributes, not following a link
	 * @throws java.io.IOException when they cannot be read
	 */
	public static String attributes(Path path) throws java.io.IOException {
		Set<String> views = path.getFileSystem().supportedFileAttributeViews();
		String names = views.contains("unix") ? "unix:mode,size,lastModifiedTime"
				: views.contains("dos") ? "dos:attributes,size,lastModifiedTime" : "basic:size,lastModifiedTime";
		return Files.readAttributes(path, names, LinkOption.NOFOLLOW_LINKS).toString();
	}

}
