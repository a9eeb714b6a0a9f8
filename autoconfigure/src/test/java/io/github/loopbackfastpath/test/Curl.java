package io.github.loopbackfastpath.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code curl} against a Unix socket: an HTTP client that is not Java
 * proves that the application's socket speaks plain HTTP/1.1.
 */
public final class Curl {

	private Curl() {
	}

	/**
	 * {@code curl --unix-socket path http://localhost/path}.
	 * @param socket the socket path
	 * @param path the request path
	 * @return the response body
	 * @throws IOException when curl fails or cannot be run
	 * @throws InterruptedException when interrupted while waiting for curl
	 */
	public static String get(Path socket, String path) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("curl", "--silent", "--show-error", "--fail", "--max-time", "10",
				"--unix-socket", socket.toString(), "http://localhost" + path)
			.redirectErrorStream(true)
			.start();
		// curl's own --max-time ends it; the wait below only guards against a
		// hung process.
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IOException("curl did not finish");
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.exitValue() != 0) {
			throw new IOException("curl exited with " + process.exitValue() + ": " + output);
		}
		return output;
	}

}
