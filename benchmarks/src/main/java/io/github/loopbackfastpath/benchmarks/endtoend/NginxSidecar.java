package io.github.loopbackfastpath.benchmarks.endtoend;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * nginx as the sidecar: the case users run, a server far cheaper per request than a
 * Spring one, so that what the transport saves is a larger part of a request. One
 * instance, started from a configuration generated in its own directory ({@code daemon
 * off}, {@code master_process on}, one worker, pid file and logs in that directory),
 * listens on {@code 127.0.0.1:<free port>} and on {@code unix:<directory>/nginx.sock}
 * with the same locations: any {@code GET} is answered {@code 200 ok}, and
 * {@code POST /upload} reads the whole body before it answers with its length.
 * <p>
 * nginx answers a {@code return} before it has read the request body (it discards the
 * body afterwards), which would time an upload by the first bytes sent. A location that
 * proxies does read the body first: {@code /upload} keeps the body in memory
 * ({@code client_body_buffer_size} as large as an upload, so that no temporary file is
 * written) and asks a second, internal server on loopback TCP for the answer, which
 * echoes the {@code Content-Length} nginx has just read in full; a body cut short never
 * gets an answer. The internal hop is the same for the TCP and the Unix-socket listener.
 * <p>
 * It is started from Debian's {@code nginx} package ({@code .ci/run} installs it); where
 * no binary is found, {@link #missing()} says why and the benchmark skips its cells.
 */
final class NginxSidecar implements AutoCloseable {

	private static final List<String> BINARIES = List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx");

	private static final Duration STARTUP = Duration.ofSeconds(15);

	private final Process process;

	private final Path directory;

	private final int port;

	private final Path socket;

	private NginxSidecar(Process process, Path directory, int port) {
		this.process = process;
		this.directory = directory;
		this.port = port;
		this.socket = directory.resolve("nginx.sock");
	}

	/**
	 * Why nginx cannot run here.
	 * @return the reason, or {@code null} when a binary exists
	 */
	static @Nullable String missing() {
		return (binary() != null) ? null
				: "nginx not found at " + String.join(", ", BINARIES) + " (apt-get install nginx; .ci/run does)";
	}

	private static @Nullable String binary() {
		return BINARIES.stream().filter((candidate) -> Files.isExecutable(Path.of(candidate))).findFirst().orElse(null);
	}

	/**
	 * Starts nginx and waits until both listeners accept.
	 * @param directory an empty directory for its configuration, socket, pid file and
	 * logs (short: the socket path must fit {@code sun_path})
	 * @param core the core to pin it to, as {@link ChildJvm#pinning(int)}
	 * @param bodyBytes the largest upload it must keep in memory
	 * @return the running instance
	 * @throws IOException when it cannot start or does not listen in time
	 * @throws InterruptedException when interrupted while waiting
	 */
	static NginxSidecar start(Path directory, int core, int bodyBytes) throws IOException, InterruptedException {
		String binary = binary();
		if (binary == null) {
			throw new IllegalStateException(missing());
		}
		int port = freePort();
		int internal = freePort();
		Path conf = directory.resolve("nginx.conf");
		Files.writeString(conf, """
				daemon off;
				master_process on;
				worker_processes 1;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log warn;
				events { worker_connections 1024; }
				http {
				    access_log off;
				    client_body_temp_path %1$s/body;
				    proxy_temp_path %1$s/proxy;
				    fastcgi_temp_path %1$s/fastcgi;
				    uwsgi_temp_path %1$s/uwsgi;
				    scgi_temp_path %1$s/scgi;
				    # The clients keep their connections for the whole run, as with the Spring servers.
				    keepalive_requests 100000000;
				    keepalive_timeout 10m;
				    server {
				        listen 127.0.0.1:%2$d;
				        listen unix:%1$s/nginx.sock;
				        location / { return 200 "ok"; }
				        location = /upload {
				            client_max_body_size 0;
				            client_body_buffer_size %4$d;
				            proxy_pass http://127.0.0.1:%3$d/;
				            proxy_pass_request_body off;
				            proxy_set_header Content-Length "";
				            proxy_set_header X-Body-Length $content_length;
				        }
				    }
				    server {
				        listen 127.0.0.1:%3$d;
				        location / { return 200 $http_x_body_length; }
				    }
				}
				""".formatted(directory, port, internal, bodyBytes));
		List<String> command = new ArrayList<>(ChildJvm.pinning(core));
		command.addAll(List.of(binary, "-p", directory.toString(), "-c", conf.toString(), "-e",
				directory.resolve("error.log").toString()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(directory.resolve("nginx.out").toFile())
			.start();
		NginxSidecar nginx = new NginxSidecar(process, directory, port);
		try {
			nginx.awaitListening();
		}
		catch (IOException | RuntimeException ex) {
			nginx.close();
			throw ex;
		}
		return nginx;
	}

	private void awaitListening() throws IOException, InterruptedException {
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (!(Files.exists(this.socket) && accepts(this.port))) {
			if (!this.process.isAlive()) {
				throw new IOException(
						"nginx exited with " + this.process.exitValue() + ": " + read("nginx.out") + read("error.log"));
			}
			if (System.nanoTime() > deadline) {
				throw new IOException("nginx did not listen within " + STARTUP + ": " + read("error.log"));
			}
			Thread.sleep(50);
		}
	}

	/**
	 * The TCP port it listens on, at 127.0.0.1.
	 * @return the port
	 */
	int port() {
		return this.port;
	}

	/**
	 * The Unix socket it listens on.
	 * @return the socket path
	 */
	Path socket() {
		return this.socket;
	}

	/**
	 * The CPU time of the master and worker processes so far.
	 * @return nanoseconds
	 */
	long cpuNanos() {
		return Stream.concat(Stream.of(this.process.toHandle()), this.process.descendants())
			.mapToLong((handle) -> handle.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
			.sum();
	}

	/**
	 * What {@code nginx -v} says, for the report.
	 * @return the version line, or {@code unknown}
	 */
	static String version() {
		String binary = binary();
		if (binary == null) {
			return "unknown";
		}
		try {
			Process version = new ProcessBuilder(binary, "-v").redirectErrorStream(true).start();
			String text = new String(version.getInputStream().readAllBytes()).strip();
			version.waitFor(10, TimeUnit.SECONDS);
			return text.isEmpty() ? "unknown" : text;
		}
		catch (IOException ex) {
			return "unknown";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	@Override
	public void close() throws InterruptedException {
		List<ProcessHandle> workers = this.process.descendants().toList();
		// SIGTERM: nginx's fast shutdown, the master stops its workers and removes its
		// Unix socket.
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			// A master killed with SIGKILL leaves its workers running.
			workers.forEach(ProcessHandle::destroyForcibly);
		}
	}

	private String read(String file) {
		try {
			return Files.readString(this.directory.resolve(file));
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
