package io.github.loopbackfastpath.unix;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The C program {@code src/test/c/peer_process.c} run as {@code nobody} through
 * {@code setpriv}, so that the kernel reports another user at the other end of a Unix
 * socket: possible where the tests run as root on Linux with the program built (the CI
 * machine); {@link #available()} says whether it is.
 */
final class PeerProcess implements AutoCloseable {

	static final String USER = "nobody";

	/** The group of {@link #USER} on Debian and Ubuntu ({@code nogroup}), by its id. */
	static final String GROUP_ID = "65534";

	private final Process process;

	private final BufferedReader output;

	private PeerProcess(Process process) {
		this.process = process;
		this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	static boolean available() {
		String program = System.getProperty("peer.process");
		return "root".equals(System.getProperty("user.name")) && program != null && Files.isExecutable(Path.of(program))
				&& Files.isExecutable(Path.of("/usr/bin/setpriv"));
	}

	/**
	 * A directory that {@code nobody} owns, for its socket, with a copy of the program it
	 * can run (the build directory may be where it cannot).
	 */
	static Path directory(Path parent) throws IOException {
		Path directory = Files.createDirectories(parent.resolve("nobody"));
		Files.copy(Path.of(System.getProperty("peer.process")), directory.resolve("peer-process"),
				StandardCopyOption.REPLACE_EXISTING);
		Files.setPosixFilePermissions(directory.resolve("peer-process"), PosixFilePermissions.fromString("r-xr-xr-x"));
		Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
		Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
		UserPrincipalLookupService lookup = directory.getFileSystem().getUserPrincipalLookupService();
		Files.setOwner(directory, lookup.lookupPrincipalByName(USER));
		return directory;
	}

	/**
	 * Starts the program listening on a socket in a directory of {@link #directory}, and
	 * waits until it listens.
	 */
	static PeerProcess listen(Path directory, Path socket) throws IOException {
		PeerProcess peer = start(directory, "listen", socket);
		assertThat(peer.nextLine()).isEqualTo("ready");
		return peer;
	}

	/**
	 * Runs the program once against a socket: it connects, sends a GET, and says how many
	 * bytes it read before the connection ended.
	 */
	static String connect(Path directory, Path socket) throws Exception {
		try (PeerProcess peer = start(directory, "connect", socket)) {
			String line = peer.nextLine();
			assertThat(peer.process.waitFor(60, TimeUnit.SECONDS)).as("peer process finished").isTrue();
			return line;
		}
	}

	private static PeerProcess start(Path directory, String mode, Path socket) throws IOException {
		Process process = new ProcessBuilder("/usr/bin/setpriv", "--reuid=" + USER, "--regid=" + GROUP_ID,
				"--clear-groups", directory.resolve("peer-process").toString(), mode, socket.toString())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		return new PeerProcess(process);
	}

	/**
	 * The next line the program printed, waiting for it.
	 */
	String nextLine() throws IOException {
		String line = this.output.readLine();
		return (line != null) ? line : "<exited " + this.process.isAlive() + ">";
	}

	@Override
	public void close() {
		this.process.destroy();
	}

}
