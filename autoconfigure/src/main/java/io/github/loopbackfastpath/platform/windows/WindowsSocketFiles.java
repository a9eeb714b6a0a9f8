package io.github.loopbackfastpath.platform.windows;

import java.nio.file.Path;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import org.jspecify.annotations.Nullable;

/**
 * Recognises a Windows AF_UNIX socket file. Windows has no {@code st_mode}: binding an
 * AF_UNIX socket creates a reparse point whose tag is {@code IO_REPARSE_TAG_AF_UNIX}
 * ({@code 0x80000023}, winnt.h). The JDK cannot tell it apart from other reparse points:
 * {@code BasicFileAttributes.isOther()} is true for every reparse point that is not a
 * symbolic link (the JDK's {@code WindowsFileAttributes}), so also for a junction, a
 * OneDrive placeholder or a deduplicated file, none of which may ever be deleted as a
 * stale socket. The tag is what Go's {@code os.Lstat} reads to report {@code ModeSocket}
 * on Windows (Go 1.23); {@code FindFirstFileW} returns it in
 * {@code WIN32_FIND_DATAW.dwReserved0} without opening the file.
 */
public final class WindowsSocketFiles {

	/** {@code FILE_ATTRIBUTE_REPARSE_POINT}. */
	static final int FILE_ATTRIBUTE_REPARSE_POINT = 0x400;

	/** {@code FILE_ATTRIBUTE_DIRECTORY}. */
	static final int FILE_ATTRIBUTE_DIRECTORY = 0x10;

	/** {@code IO_REPARSE_TAG_AF_UNIX}: the reparse tag of an AF_UNIX socket file. */
	static final int IO_REPARSE_TAG_AF_UNIX = 0x80000023;

	/** {@code sizeof(WIN32_FIND_DATAW)}. */
	private static final int FIND_DATA_SIZE = 592;

	/**
	 * Offset of {@code dwReserved0} in {@code WIN32_FIND_DATAW}: after
	 * {@code dwFileAttributes}, three {@code FILETIME}s and the two size words.
	 */
	private static final int RESERVED0_OFFSET = 36;

	private WindowsSocketFiles() {
	}

	/**
	 * Whether a path is an AF_UNIX socket file, not following a link.
	 * @param path the path
	 * @return whether it exists and carries the AF_UNIX reparse tag; {@code false} when
	 * it cannot be read
	 */
	public static boolean isSocket(Path path) {
		FileType type = type(path);
		return type != null && type.isSocket();
	}

	/**
	 * The attributes and reparse tag of a path, as {@code FindFirstFileW} reports them.
	 * @param path the path
	 * @return its type, or {@code null} when it does not exist or cannot be read
	 */
	static @Nullable FileType type(Path path) {
		Memory data = new Memory(FIND_DATA_SIZE);
		Pointer handle = Kernel32.INSTANCE.FindFirstFileW(new WString(path.toString()), data);
		if (handle == null || Pointer.nativeValue(handle) == Kernel32.INVALID_HANDLE_VALUE) {
			return null;
		}
		try {
			return new FileType(data.getInt(0), data.getInt(RESERVED0_OFFSET));
		}
		finally {
			Kernel32.INSTANCE.FindClose(handle);
		}
	}

	/**
	 * What {@code FindFirstFileW} says about a file.
	 *
	 * @param attributes {@code dwFileAttributes}
	 * @param reparseTag {@code dwReserved0}: the reparse tag when {@code attributes} has
	 * {@code FILE_ATTRIBUTE_REPARSE_POINT}, undefined otherwise
	 */
	record FileType(int attributes, int reparseTag) {

		boolean isSocket() {
			return (this.attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0
					&& (this.attributes & FILE_ATTRIBUTE_DIRECTORY) == 0 && this.reparseTag == IO_REPARSE_TAG_AF_UNIX;
		}

	}

	/**
	 * JNA binding of {@code FindFirstFileW} and {@code FindClose} from
	 * {@code kernel32.dll}.
	 */
	interface Kernel32 extends Library {

		Kernel32 INSTANCE = Native.load("kernel32", Kernel32.class, WinApi.OPTIONS);

		/**
		 * {@code INVALID_HANDLE_VALUE}: what {@code FindFirstFileW} returns on failure.
		 */
		long INVALID_HANDLE_VALUE = -1L;

		/**
		 * {@code HANDLE FindFirstFileW(LPCWSTR lpFileName, LPWIN32_FIND_DATAW lpFindFileData)}.
		 * @param fileName the path, without wildcards
		 * @param findFileData receives a {@code WIN32_FIND_DATAW}
		 * @return the search handle, or {@link #INVALID_HANDLE_VALUE}
		 */
		@Nullable Pointer FindFirstFileW(WString fileName, Pointer findFileData);

		/**
		 * {@code BOOL FindClose(HANDLE hFindFile)}.
		 * @param findFile the search handle
		 * @return whether it was closed
		 */
		boolean FindClose(Pointer findFile);

	}

}
