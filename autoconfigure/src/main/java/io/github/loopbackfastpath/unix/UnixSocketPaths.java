package io.github.loopbackfastpath.unix;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import io.github.loopbackfastpath.platform.windows.WindowsSocketFiles;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The rules for configured Unix-socket paths: what the operating system accepts, and what
 * the starter may do to a file that is already there. It never deletes or overwrites
 * anything at a path that is not a Unix socket; a socket nobody listens on (left behind
 * by a process that did not remove it) is replaced.
 */
public final class UnixSocketPaths {

	private static final Log logger = LogFactory.getLog(UnixSocketPaths.class);

	/** {@code S_IFMT} of {@code st_mode}: the file type bits. */
	private static final int S_IFMT = 0170000;

	/** {@code S_ISVTX}: the sticky bit. */
	private static final int STICKY = 01000;

	/** {@code S_IWGRP}: write permission of the group. */
	private static final int GROUP_WRITE = 020;

	/** {@code S_IWOTH}: write permission of others. */
	private static final int OTHERS_WRITE = 02;

	/** {@code S_IFSOCK}: the file type of a socket. */
	private static final int S_IFSOCK = 0140000;

	/**
	 * Whether this JVM's paths are Windows paths: a drive letter makes them absolute and
	 * the separator is a backslash.
	 */
	private static final boolean WINDOWS_PATHS = "\\".equals(FileSystems.getDefault().getSeparator());

	/** How messages name an absolute path on this operating system. */
	private static final String ABSOLUTE_PATH = WINDOWS_PATHS ? "absolute Windows path" : "absolute path";

	/** An absolute socket path on this operating system, for messages. */
	private static final String EXAMPLE_PATH = WINDOWS_PATHS ? "C:\\run\\app\\http.sock" : "/run/app/http.sock";

	private UnixSocketPaths() {
	}

	/**
	 * The longest path, in bytes, that fits {@code sun_path} with its terminating NUL:
	 * 108 bytes on Linux and on Windows ({@code UNIX_PATH_MAX} in afunix.h), 104 on macOS
	 * and the BSDs.
	 * @return the limit on this operating system
	 */
	public static int maxPathBytes() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		return (os.contains("mac") || os.contains("bsd")) ? 103 : 107;
	}

	/**
	 * Checks a configured path for what any socket path needs: absolute, and short enough
	 * for {@code sun_path}. On Windows that is a Windows path with a drive letter
	 * ({@code C:\run\app.sock}); {@code /run/app.sock} is relative to the current drive
	 * there.
	 * @param property the property that holds it
	 * @param value the configured value
	 * @return the path
	 * @throws UnixSocketPathException when the operating system cannot use it
	 */
	public static Path check(String property, String value) {
		Path path;
		try {
			path = Path.of(value);
		}
		catch (InvalidPathException ex) {
			throw new UnixSocketPathException(property, value, "not a valid path (" + ex.getReason() + ")", "Set "
					+ property + " to an " + ABSOLUTE_PATH + " of a Unix socket, for example " + EXAMPLE_PATH + ".");
		}
		if (value.isBlank() || !path.isAbsolute()) {
			throw new UnixSocketPathException(property, value, WINDOWS_PATHS
					? "not an absolute Windows path (it has no drive letter, as in C:\\), so it would depend on the "
							+ "current drive and directory of each process"
					: "a relative path, which would depend on the working directory of each process",
					"Set " + property + " to an " + ABSOLUTE_PATH + ", for example " + EXAMPLE_PATH + ".");
		}
		int bytes = value.getBytes(pathCharset()).length;
		if (bytes > maxPathBytes()) {
			throw new UnixSocketPathException(property, value,
					bytes + " bytes long, longer than the " + maxPathBytes()
							+ " bytes a Unix socket address (sun_path) holds on this operating system",
					"Choose a shorter path for " + property + ", for example in "
							+ (WINDOWS_PATHS ? "C:\\run" : "/run or /tmp") + ".");
		}
		return path;
	}

	/**
	 * The charset the JDK encodes a socket path in for {@code sun_path}: UTF-8 on
	 * Windows, the platform charset elsewhere (the JDK's
	 * {@code UnixDomainSocketsUtil.getCharset} of each platform).
	 */
	private static Charset pathCharset() {
		return WINDOWS_PATHS ? StandardCharsets.UTF_8 : Charset.defaultCharset();
	}

	/**
	 * Checks the server's path: everything {@link #check} checks, that its directory
	 * exists and is writable, that the socket's path while it is bound
	 * ({@link UnixServerSocketFile}) fits {@code sun_path}, and that other users cannot
	 * replace the socket in that directory.
	 * @param property the property that holds it
	 * @param value the configured value
	 * @param permissions the socket file's permissions, or {@code null} for a socket that
	 * keeps the umask's (then neither the bind path nor the directory is checked)
	 * @return the path
	 * @throws UnixSocketPathException when the path cannot be bound
	 */
	public static Path checkListenPath(String property, String value, @Nullable Set<PosixFilePermission> permissions) {
		Path path = check(property, value);
		Path parent = path.getParent();
		if (parent == null || !Files.isDirectory(parent)) {
			throw new UnixSocketPathException(property, value, "its directory " + parent + " does not exist",
					"Create the directory " + parent + " (with permissions for the processes that connect) "
							+ "before the application starts, or point " + property + " at an existing one.");
		}
		if (!Files.isWritable(parent)) {
			throw new UnixSocketPathException(property, value,
					"its directory " + parent + " is not writable by this process, so the socket cannot be created",
					"Give the application's user write access to " + parent + " (for example with chown or chmod), "
							+ "or point " + property + " at a directory it owns.");
		}
		if (permissions != null) {
			UnixServerSocketFile.checkBindPathLength(property, path);
			checkListenDirectory(property, path, parent, permissions);
		}
		return path;
	}

	/**
	 * Checks that other users cannot replace the socket in its directory: the rule of
	 * Tomcat 11.0.2x's own Unix-socket binding ({@code NioEndpoint}), kept for both
	 * servers now that the starter binds the socket. The directory may grant no more than
	 * the socket's permissions need: owner rwx, group r-x where the socket gives the
	 * group access, others r-x where it gives others access, never write for group or
	 * others (so never /tmp itself). Where the file system has no POSIX permissions
	 * (Windows) there is nothing to check.
	 */
	private static void checkListenDirectory(String property, Path path, Path directory,
			Set<PosixFilePermission> socket) {
		Set<PosixFilePermission> granted;
		try {
			granted = Files.getPosixFilePermissions(directory);
		}
		catch (UnsupportedOperationException | IOException ex) {
			return;
		}
		Set<PosixFilePermission> allowed = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
				PosixFilePermission.OWNER_EXECUTE);
		if (socket.stream().anyMatch((permission) -> permission.name().startsWith("GROUP_"))) {
			allowed.addAll(EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE));
		}
		if (socket.stream().anyMatch((permission) -> permission.name().startsWith("OTHERS_"))) {
			allowed.addAll(EnumSet.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
		}
		Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
		extra.addAll(granted);
		extra.removeAll(allowed);
		if (!extra.isEmpty()) {
			Set<PosixFilePermission> fixed = EnumSet.noneOf(PosixFilePermission.class);
			fixed.addAll(granted);
			fixed.retainAll(allowed);
			throw new UnixSocketPathException(property, path.toString(),
					"its directory " + directory + " is " + PosixFilePermissions.toString(granted)
							+ ", more than the socket (" + PosixFilePermissions.toString(socket)
							+ ") needs: it may admit nobody the socket does not, and let no other user replace it",
					"Put the socket in a directory of its own, or remove the extra permissions: chmod "
							+ PosixFilePermissions.toString(fixed) + " (for example chmod 750 " + directory + ").");
		}
	}

	/**
	 * Parses POSIX permissions such as {@code rw-rw----}.
	 * @param property the property that holds them
	 * @param value the configured value
	 * @return the permissions
	 * @throws UnixSocketPathException when the text is not in that form
	 */
	public static Set<PosixFilePermission> permissions(String property, String value) {
		try {
			return PosixFilePermissions.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			throw new UnixSocketPathException(property, value,
					"not POSIX permissions in the form rwxrwxrwx (owner, group, others)",
					"Set " + property + " to nine characters of r, w, x or -, for example rw-rw---- "
							+ "(owner and group may connect).");
		}
	}

	/**
	 * Makes a path ready for a server socket to bind to: nothing there is fine; a stale
	 * socket (nobody accepts on it) is deleted; anything else stops startup, untouched.
	 * @param property the property that holds the path
	 * @param path the path
	 * @throws UnixSocketPathException when something other than a stale socket is there
	 */
	public static void prepareForBind(String property, Path path) {
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		if (!isSocket(path)) {
			throw new UnixSocketPathException(property, path.toString(),
					"a file that is not a Unix socket is there; the starter never deletes or overwrites it",
					"Move that file away if it is not needed, or set " + property + " to a path that is free.");
		}
		if (accepts(path)) {
			throw new UnixSocketPathException(property, path.toString(),
					"another process is listening on this Unix socket",
					"Stop that process, or set " + property + " to a different path.");
		}
		try {
			Files.delete(path);
			if (logger.isInfoEnabled()) {
				logger.info("Replacing stale Unix socket " + path + " (nothing was listening on it)");
			}
		}
		catch (IOException ex) {
			throw new UnixSocketPathException(property, path.toString(),
					"a stale Unix socket is there and could not be deleted (" + ex + ")",
					"Delete " + path + " or give the application write access to its directory.");
		}
	}

	/**
	 * Whether a path is a Unix socket (not following a symbolic link). Linux and macOS
	 * show the socket type in {@code st_mode}, which the JDK exposes through its
	 * {@code unix} attribute view; Windows has no such view, and there a socket file is a
	 * reparse point with the AF_UNIX tag ({@link WindowsSocketFiles}). Anything that
	 * cannot be recognised as a socket is not one, so that the starter never deletes it.
	 * @param path the path
	 * @return whether it exists and is a socket
	 */
	public static boolean isSocket(Path path) {
		if (path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
			try {
				Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
				return mode instanceof Integer bits && (bits & S_IFMT) == S_IFSOCK;
			}
			catch (IOException ex) {
				return false;
			}
		}
		return isWindowsFile(path) && WindowsSocketFiles.isSocket(path);
	}

	/**
	 * Whether a path is one of Windows' own file system, which the kernel32 calls of
	 * {@link WindowsSocketFiles} can read.
	 * @param path the path
	 * @return whether this JVM runs on Windows and the path is of its default file system
	 */
	static boolean isWindowsFile(Path path) {
		return WINDOWS_PATHS && path.getFileSystem() == FileSystems.getDefault();
	}

	private static boolean accepts(Path path) {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(path));
			return true;
		}
		catch (ConnectException ex) {
			return false;
		}
		catch (IOException ex) {
			// Not allowed to connect, for example: someone else's socket, leave it alone.
			return true;
		}
	}

	/**
	 * Whether the file system of a path has POSIX permissions, so that
	 * {@code loopback.fastpath.unix.server.permissions} can apply. Windows has none: who
	 * may connect to an AF_UNIX socket there is decided by the socket file's ACL, which
	 * it inherits from its directory (connecting needs write access to the file).
	 * @param path the socket path
	 * @return whether POSIX permissions can be set on it
	 */
	public static boolean hasPosixPermissions(Path path) {
		return path.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

	/**
	 * Sets a socket file's permissions where the file system has POSIX permissions.
	 * @param path the socket file
	 * @param permissions the permissions
	 * @return whether they were set ({@code false} where the file system has no POSIX
	 * permissions, as on Windows: see {@link #hasPosixPermissions})
	 * @throws IOException when the file system refuses
	 */
	public static boolean applyPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
		if (!hasPosixPermissions(path)) {
			return false;
		}
		Files.setPosixFilePermissions(path, permissions);
		return true;
	}

	/**
	 * What makes a socket path open to other local users, if anything does, where the
	 * file system has Unix modes: another user who can write its directory can bind a
	 * socket of their own at the path while nothing listens there (a sidecar restarting)
	 * and receive what the route sends, or accept the clients of the application's own
	 * socket. That is the case when the socket's directory is writable by every user (the
	 * sticky bit, as on {@code /tmp}, protects only a file that exists, not a free name),
	 * or by its group without the sticky bit, or when a directory above it is writable by
	 * others without the sticky bit (the directory on the way can be renamed and
	 * replaced). A directory that does not exist is not judged here.
	 * @param path the socket path
	 * @return {@code null} when nothing of the sort is found (or the file system has no
	 * Unix modes, as on Windows), else the problem and the fix
	 */
	public static @Nullable String unsafeDirectory(Path path) {
		Path parent = path.toAbsolutePath().getParent();
		if (parent == null || !path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
			return null;
		}
		Path directory;
		try {
			directory = parent.toRealPath();
		}
		catch (IOException ex) {
			return null;
		}
		Integer mode = mode(directory);
		if (mode == null) {
			return null;
		}
		String fix = "; make it writable by its owner only (chmod go-w " + directory
				+ ") or put the socket in a directory of its own that only its owner can write, such as /run/<service>";
		if ((mode & OTHERS_WRITE) != 0) {
			return "its directory " + directory + " is writable by every user" + (((mode & STICKY) != 0)
					? " (the sticky bit protects an existing socket file, not its name while the socket is gone)" : "")
					+ ": any local user can put a socket of their own at this path" + fix;
		}
		if ((mode & GROUP_WRITE) != 0 && (mode & STICKY) == 0) {
			return "its directory " + directory + " is writable by its group without the sticky bit: other users of "
					+ "that group can replace the socket" + fix;
		}
		for (Path above = directory.getParent(); above != null; above = above.getParent()) {
			Integer aboveMode = mode(above);
			if (aboveMode != null && (aboveMode & (OTHERS_WRITE | GROUP_WRITE)) != 0 && (aboveMode & STICKY) == 0) {
				return "the directory " + above + " above it is writable by "
						+ (((aboveMode & OTHERS_WRITE) != 0) ? "every user" : "its group")
						+ " without the sticky bit: another user can move " + directory
						+ " away and put a directory of their own in its place; make " + above
						+ " writable by its owner only (chmod go-w " + above + ") or set its sticky bit (chmod +t "
						+ above + ")";
			}
		}
		return null;
	}

	private static @Nullable Integer mode(Path directory) {
		try {
			return (Integer) Files.getAttribute(directory, "unix:mode");
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException ex) {
			return null;
		}
	}

}
