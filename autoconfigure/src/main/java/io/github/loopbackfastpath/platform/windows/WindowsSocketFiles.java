package io.github.loopbackfastpath.platform.windows;

import java.nio.file.Path;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import org.jspecify.annotations.Nullable;

/**
 * Recognises a Windows AF_UNIX socket file, and tells one file from another. Windows has
 * no {@code st_mode}: binding an AF_UNIX socket creates a reparse point whose tag is
 * {@code IO_REPARSE_TAG_AF_UNIX} ({@code 0x80000023}, winnt.h). The JDK cannot tell it
 * apart from other reparse points: {@code BasicFileAttributes.isOther()} is true for
 * every reparse point that is not a symbolic link (the JDK's
 * {@code WindowsFileAttributes}), so also for a junction, a OneDrive placeholder or a
 * deduplicated file, none of which may ever be deleted as a stale socket. The tag is what
 * Go's {@code os.Lstat} reads to report {@code ModeSocket} on Windows (Go 1.23);
 * {@code FindFirstFileW} returns it in {@code WIN32_FIND_DATAW.dwReserved0} without
 * opening the file.
 * <p>
 * The JDK's {@code BasicFileAttributes.fileKey()} is always {@code null} on Windows, so a
 * file's identity comes from {@code GetFileInformationByHandle} ({@link #fileId}). The
 * file is opened for its attributes only, with {@code FILE_FLAG_OPEN_REPARSE_POINT} so
 * that the AF_UNIX reparse point itself is opened rather than followed: it has no target,
 * and followed it fails with {@code ERROR_CANT_ACCESS_FILE}. It is also opened with
 * {@code FILE_FLAG_BACKUP_SEMANTICS}, without which a directory cannot be, and shared for
 * reading, writing and deleting, so that nobody else is kept from the file while its
 * handle is open.
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

	/** {@code FILE_READ_ATTRIBUTES}: the only access {@link #fileId} asks for. */
	static final int FILE_READ_ATTRIBUTES = 0x80;

	/**
	 * {@code FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE}: others may do
	 * anything with the file while {@link #fileId} holds it open.
	 */
	static final int FILE_SHARE_ALL = 0x1 | 0x2 | 0x4;

	/** {@code OPEN_EXISTING}: never create the file. */
	static final int OPEN_EXISTING = 3;

	/** {@code FILE_FLAG_OPEN_REPARSE_POINT}: open a reparse point, not its target. */
	static final int FILE_FLAG_OPEN_REPARSE_POINT = 0x00200000;

	/** {@code FILE_FLAG_BACKUP_SEMANTICS}: needed to open a directory. */
	static final int FILE_FLAG_BACKUP_SEMANTICS = 0x02000000;

	/**
	 * {@code sizeof(BY_HANDLE_FILE_INFORMATION)}: ten {@code DWORD}-aligned fields, three
	 * of them 8-byte {@code FILETIME}s (two {@code DWORD}s each, so no padding).
	 */
	private static final int FILE_INFORMATION_SIZE = 52;

	/**
	 * Offset of {@code dwVolumeSerialNumber} in {@code BY_HANDLE_FILE_INFORMATION}: after
	 * {@code dwFileAttributes} (4 bytes) and three {@code FILETIME}s (24 bytes).
	 */
	private static final int VOLUME_SERIAL_NUMBER_OFFSET = 28;

	/**
	 * Offset of {@code nFileIndexHigh} in {@code BY_HANDLE_FILE_INFORMATION}: after the
	 * volume serial number, {@code nFileSizeHigh}, {@code nFileSizeLow} and
	 * {@code nNumberOfLinks}; {@code nFileIndexLow} follows at 48.
	 */
	private static final int FILE_INDEX_HIGH_OFFSET = 44;

	/** Offset of {@code nFileIndexLow} in {@code BY_HANDLE_FILE_INFORMATION}. */
	private static final int FILE_INDEX_LOW_OFFSET = 48;

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
	 * The identity of a file, not following a reparse point (so of an AF_UNIX socket file
	 * itself): its volume's serial number and its file index, which hard links to it
	 * share and which a rename keeps. On NTFS the index is the file's MFT record number
	 * with a sequence number in its high 16 bits that changes whenever the record is
	 * reused, so a file created after this one was deleted does not get its identity, the
	 * way a Linux inode number can be reused right away. (An AF_UNIX socket file is a
	 * reparse point, which only NTFS and ReFS have; on ReFS, whose file IDs are 128 bits,
	 * the 64-bit index is not guaranteed to be unique.)
	 * @param path the path
	 * @return its identity, or {@code null} when the file cannot be opened (it does not
	 * exist, or may not be read)
	 */
	public static @Nullable FileId fileId(Path path) {
		Pointer handle = Kernel32.INSTANCE.CreateFileW(new WString(path.toString()), FILE_READ_ATTRIBUTES,
				FILE_SHARE_ALL, null, OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, null);
		if (handle == null || Pointer.nativeValue(handle) == Kernel32.INVALID_HANDLE_VALUE) {
			return null;
		}
		try (Memory information = new Memory(FILE_INFORMATION_SIZE)) {
			if (!Kernel32.INSTANCE.GetFileInformationByHandle(handle, information)) {
				return null;
			}
			long index = (Integer.toUnsignedLong(information.getInt(FILE_INDEX_HIGH_OFFSET)) << 32)
					| Integer.toUnsignedLong(information.getInt(FILE_INDEX_LOW_OFFSET));
			return new FileId(information.getInt(VOLUME_SERIAL_NUMBER_OFFSET), index);
		}
		finally {
			Kernel32.INSTANCE.CloseHandle(handle);
		}
	}

	/**
	 * The identity of a file on Windows, as {@code GetFileInformationByHandle} reports
	 * it.
	 *
	 * @param volumeSerialNumber {@code dwVolumeSerialNumber}: the volume the file is on
	 * @param fileIndex {@code nFileIndexHigh} and {@code nFileIndexLow}: the file on its
	 * volume
	 */
	public record FileId(int volumeSerialNumber, long fileIndex) {

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
	 * JNA binding of {@code FindFirstFileW}, {@code FindClose}, {@code CreateFileW},
	 * {@code GetFileInformationByHandle} and {@code CloseHandle} from
	 * {@code kernel32.dll}.
	 */
	interface Kernel32 extends Library {

		Kernel32 INSTANCE = Native.load("kernel32", Kernel32.class, WinApi.OPTIONS);

		/**
		 * {@code INVALID_HANDLE_VALUE}: what {@code FindFirstFileW} and
		 * {@code CreateFileW} return on failure.
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

		/**
		 * {@code HANDLE CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
		 * LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition,
		 * DWORD dwFlagsAndAttributes, HANDLE hTemplateFile)}.
		 * @param fileName the path
		 * @param desiredAccess the access asked for
		 * @param shareMode what others may do with the file while the handle is open
		 * @param securityAttributes {@code null} for the default security descriptor
		 * @param creationDisposition what to do whether or not the file exists
		 * @param flagsAndAttributes the flags and attributes
		 * @param templateFile {@code null}: no template
		 * @return the file handle, or {@link #INVALID_HANDLE_VALUE}
		 */
		@Nullable Pointer CreateFileW(WString fileName, int desiredAccess, int shareMode, @Nullable Pointer securityAttributes,
				int creationDisposition, int flagsAndAttributes, @Nullable Pointer templateFile);

		/**
		 * {@code BOOL GetFileInformationByHandle(HANDLE hFile,
		 * LPBY_HANDLE_FILE_INFORMATION lpFileInformation)}.
		 * @param file the file handle
		 * @param fileInformation receives a {@code BY_HANDLE_FILE_INFORMATION}
		 * @return whether it was filled in
		 */
		boolean GetFileInformationByHandle(Pointer file, Pointer fileInformation);

		/**
		 * {@code BOOL CloseHandle(HANDLE hObject)}.
		 * @param object the handle
		 * @return whether it was closed
		 */
		boolean CloseHandle(Pointer object);

	}

}
