package io.github.loopbackfastpath.unix;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import io.github.loopbackfastpath.platform.windows.WindowsSocketFiles;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The socket file of a server's Unix-socket listener, for Tomcat and Reactor Netty alike:
 * bound so that no connection reaches it before its permissions apply, and removed at
 * shutdown only while it is still the file this server bound.
 * <p>
 * Binding a JDK or Netty server socket also makes it listen, and the file it creates has
 * the process's umask permissions until they are changed. So, where the file system has
 * POSIX permissions, the socket is bound in a fresh directory beside the configured path
 * that only the owner may enter, given its permissions there, and then hard-linked into
 * place: {@code link(2)} never replaces an existing file (unlike {@code rename(2)}), and
 * a bound socket keeps listening under its new name, since a connect finds it by inode.
 * The socket keeps the temporary name as its own address ({@code getsockname}); the
 * status report's {@code unix.server} shows the configured path.
 * <p>
 * What is removed at shutdown is recognised by the identity the socket file had when it
 * was bound ({@link Identity}): on Linux and macOS its device and inode number with its
 * last-modified time, on Windows its volume and NTFS file index. Another process may
 * delete the file and bind its own socket at the path while this server runs (a newer
 * instance of the application, for example); that socket is left in place.
 */
public final class UnixServerSocketFile {

	private static final Log logger = LogFactory.getLog(UnixServerSocketFile.class);

	/** Prefix of the private directory the socket is bound in first. */
	private static final String BIND_DIRECTORY_PREFIX = ".lfp";

	/** Name of the socket in its private directory. */
	private static final String BIND_NAME = "s";

	/**
	 * The longest private directory name: the prefix and an unsigned long in decimal, as
	 * {@link Files#createTempDirectory(Path, String, java.nio.file.attribute.FileAttribute...)}
	 * makes it.
	 */
	private static final int BIND_DIRECTORY_MAX_NAME = BIND_DIRECTORY_PREFIX.length() + 20;

	private final Path path;

	/** The socket file's identity when it was bound, {@code null} where it has none. */
	private final @Nullable Identity identity;

	UnixServerSocketFile(Path path, @Nullable Identity identity) {
		this.path = path;
		this.identity = identity;
	}

	/**
	 * Binds a server socket at a path: a stale socket there is replaced, anything else
	 * stops startup untouched (see {@link UnixSocketPaths#prepareForBind}); where the
	 * file system has POSIX permissions the socket has them before any other user can
	 * connect.
	 * @param property the property that holds the path
	 * @param path the path, checked with {@link UnixSocketPaths#checkListenPath}
	 * @param permissions the socket file's permissions, or {@code null} for the umask's
	 * @param binder binds (and listens on) the server socket at the address it is given
	 * @return the bound socket file
	 * @throws UnixSocketPathException when something other than a stale socket is at the
	 * path, or appears there while binding
	 * @throws Exception what the binder throws, or when the permissions cannot be set
	 */
	public static UnixServerSocketFile bind(String property, Path path, @Nullable Set<PosixFilePermission> permissions,
			Binder binder) throws Exception {
		UnixSocketPaths.prepareForBind(property, path);
		Path directory = path.getParent();
		if (permissions == null || directory == null || !hasPosixPermissions(directory)) {
			// Nothing to apply before the first connection (Windows has no POSIX
			// permissions): bind in place.
			AutoCloseable socket = binder.bind(path);
			try {
				return bound(path, identity(path));
			}
			catch (Exception ex) {
				socket.close();
				throw ex;
			}
		}
		Path bindDirectory = Files.createTempDirectory(directory, BIND_DIRECTORY_PREFIX,
				PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ,
						PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE)));
		Path bound = bindDirectory.resolve(BIND_NAME);
		try {
			AutoCloseable socket = binder.bind(bound);
			try {
				setPermissions(bound, permissions);
				Identity identity = identity(bound);
				link(property, path, bound);
				return bound(path, identity);
			}
			catch (Exception ex) {
				socket.close();
				throw ex;
			}
		}
		finally {
			removeBindDirectory(bindDirectory, bound);
		}
	}

	/**
	 * The bound socket file, logging why it will be removed as any socket should it have
	 * no identity.
	 * @param path the configured path
	 * @param identity the socket file's identity, or {@code null} where it has none
	 * @return the bound socket file
	 */
	static UnixServerSocketFile bound(Path path, @Nullable Identity identity) {
		if (identity == null && logger.isInfoEnabled()) {
			logger.info("The Unix socket " + path + " has no identity to recognise it by at shutdown ("
					+ (UnixSocketPaths.isWindowsFile(path) ? "Windows did not open it to read its file ID"
							: "its file system has no file keys")
					+ "): it is then removed if it is a socket, even one that another server bound there since");
		}
		return new UnixServerSocketFile(path, identity);
	}

	private static void removeBindDirectory(Path directory, Path bound) {
		try {
			Files.deleteIfExists(bound);
			Files.delete(directory);
		}
		catch (IOException ex) {
			logger.warn("Could not remove the directory " + directory + " the Unix socket was bound in", ex);
		}
	}

	private static void setPermissions(Path bound, Set<PosixFilePermission> permissions) {
		try {
			Files.setPosixFilePermissions(bound, permissions);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not set the permissions of the Unix socket " + bound + " to "
					+ PosixFilePermissions.toString(permissions) + " ("
					+ UnixSocketTransport.SERVER_PERMISSIONS_PROPERTY + ")", ex);
		}
	}

	private static void link(String property, Path path, Path bound) {
		try {
			Files.createLink(path, bound);
		}
		catch (FileAlreadyExistsException ex) {
			throw new UnixSocketPathException(property, path.toString(),
					"a file appeared at the path while the server bound its socket; the starter never replaces it",
					"Make sure that only one process listens on " + property + ", or give each its own path.");
		}
		catch (IOException | UnsupportedOperationException ex) {
			throw new UnixSocketPathException(property, path.toString(),
					"the file system of its directory cannot hard-link the socket into place (" + ex + "), which "
							+ "the server does so that no connection is accepted before the permissions apply",
					"Point " + property + " at a directory on a local file system such as tmpfs (/run) or ext4.");
		}
	}

	/**
	 * Checks that a listening path, with its private bind directory, fits
	 * {@code sun_path} where the socket is bound there first.
	 * @param property the property that holds the path
	 * @param path the path
	 * @throws UnixSocketPathException when the path of the socket in its private
	 * directory is too long
	 */
	static void checkBindPathLength(String property, Path path) {
		Path directory = path.getParent();
		if (directory == null || !hasPosixPermissions(directory)) {
			return;
		}
		int bytes = directory.toString().getBytes(Charset.defaultCharset()).length + 1 + BIND_DIRECTORY_MAX_NAME + 1
				+ BIND_NAME.length();
		if (bytes > UnixSocketPaths.maxPathBytes()) {
			throw new UnixSocketPathException(property, path.toString(),
					"the server binds its socket first in a private directory beside it (" + directory + "/"
							+ BIND_DIRECTORY_PREFIX + "<number>/" + BIND_NAME + ", up to " + bytes
							+ " bytes) so that no connection is accepted before its permissions apply, and that is "
							+ "longer than the " + UnixSocketPaths.maxPathBytes()
							+ " bytes a Unix socket address (sun_path) holds",
					"Choose a path in a shorter directory for " + property + ", for example in /run or /tmp.");
		}
	}

	private static boolean hasPosixPermissions(Path directory) {
		return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
	}

	/**
	 * The identity of a file, not following a link: its file key (device and inode on
	 * Linux and macOS) with its last-modified time, since an inode number can be reused
	 * as soon as the file is deleted; {@code bind(2)} sets the socket inode's
	 * modification time, and neither {@code chmod(2)} nor {@code link(2)} nor a connect
	 * changes it (they change its ctime). Where there is no file key (Windows, whose JDK
	 * never has one) the Windows file ID, which is not reused.
	 * @param path the path
	 * @return its identity, or {@code null} where it has none
	 * @throws IOException when its attributes cannot be read, for example because it does
	 * not exist
	 */
	static @Nullable Identity identity(Path path) throws IOException {
		BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
				LinkOption.NOFOLLOW_LINKS);
		Object fileKey = attributes.fileKey();
		if (fileKey != null) {
			return new Identity(fileKey, attributes.lastModifiedTime());
		}
		if (UnixSocketPaths.isWindowsFile(path)) {
			WindowsSocketFiles.FileId fileId = WindowsSocketFiles.fileId(path);
			return (fileId != null) ? new Identity(fileId, null) : null;
		}
		return null;
	}

	/**
	 * The path the socket listens on.
	 * @return the configured path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Removes the socket file if it is still the one this server bound (the same
	 * {@link Identity}), so that a newer server's live socket at the same path is left
	 * alone, even where it reuses this one's inode number (which a Linux socket holds
	 * while it is open, so that can only happen once it is closed). Where the file had no
	 * identity when it was bound (a file system without file keys, other than Windows',
	 * or a Windows file that could not be opened) the file is removed if it is a socket.
	 * @return whether it was removed
	 */
	public boolean remove() {
		try {
			boolean own = (this.identity != null) ? this.identity.equals(identity(this.path))
					: UnixSocketPaths.isSocket(this.path);
			if (!own) {
				if (logger.isInfoEnabled()) {
					logger.info("Leaving " + this.path + " in place: it is no longer the socket this server bound");
				}
				return false;
			}
			Files.delete(this.path);
			return true;
		}
		catch (NoSuchFileException ex) {
			return false;
		}
		catch (IOException ex) {
			logger.warn("Could not remove the Unix socket " + this.path, ex);
			return false;
		}
	}

	/**
	 * What tells a socket file from another one bound later at the same path.
	 *
	 * @param key the file key ({@link BasicFileAttributes#fileKey()}), or the
	 * {@link WindowsSocketFiles.FileId} where there is none
	 * @param modified the last-modified time with a file key, since that may be an inode
	 * number that a file created after this one was deleted gets again; {@code null} with
	 * a Windows file ID
	 */
	record Identity(Object key, @Nullable FileTime modified) {

	}

	/**
	 * Binds a server socket, which also makes it listen.
	 */
	@FunctionalInterface
	public interface Binder {

		/**
		 * Binds the server socket at an address.
		 * @param path the path to bind
		 * @return what closes the bound socket, should putting it in place fail
		 * @throws Exception when it cannot be bound
		 */
		AutoCloseable bind(Path path) throws Exception;

	}

}
