package io.github.loopbackfastpath.unix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.UnixSockets;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The server's Unix-socket listener from bind to shutdown, on Tomcat and on Reactor Netty
 * (epoll here; {@link UnixSocketNettyNioServerTests} runs the same on NIO): it drains
 * with the TCP port at graceful shutdown, its socket file never appears with other
 * permissions than the configured ones, and shutdown removes only the file it bound.
 */
@EnabledIfUnixDomainSockets
class UnixSocketServerLifecycleTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path dir;

	@Test
	void tomcatDrainsItsUnixSocketWithTheTcpPort() throws Exception {
		assertDrainsWithTheTcpPort(MvcApp.class, WebApplicationType.SERVLET, this.dir.resolve("app.sock"));
	}

	@Test
	@EnabledOnOs(value = OS.LINUX, disabledReason = "epoll is Linux's; the NIO case is UnixSocketNettyNioServerTests")
	void reactorNettyEpollDrainsItsUnixSocketWithTheTcpPort() throws Exception {
		assertThat(Epoll.isAvailable()).as("this test proves the epoll case; epoll must be available").isTrue();
		assertDrainsWithTheTcpPort(FluxApp.class, WebApplicationType.REACTIVE, this.dir.resolve("app.sock"),
				UnixSocketServerTests.EXCLUDE_TOMCAT);
	}

	@Test
	void tomcatSocketFileAppearsWithItsPermissions() throws Exception {
		assertAppearsWithItsPermissions(MvcApp.class, WebApplicationType.SERVLET, this.dir);
	}

	@Test
	@EnabledOnOs(value = OS.LINUX, disabledReason = "epoll is Linux's; the NIO case is UnixSocketNettyNioServerTests")
	void reactorNettyEpollSocketFileAppearsWithItsPermissions() throws Exception {
		assertAppearsWithItsPermissions(FluxApp.class, WebApplicationType.REACTIVE, this.dir,
				UnixSocketServerTests.EXCLUDE_TOMCAT);
	}

	@Test
	void tomcatLeavesAnotherServersSocketAlone() throws Exception {
		assertLeavesAnotherServersSocketAlone(MvcApp.class, WebApplicationType.SERVLET, this.dir.resolve("app.sock"));
	}

	@Test
	@EnabledOnOs(value = OS.LINUX, disabledReason = "epoll is Linux's; the NIO case is UnixSocketNettyNioServerTests")
	void reactorNettyEpollLeavesAnotherServersSocketAlone() throws Exception {
		assertLeavesAnotherServersSocketAlone(FluxApp.class, WebApplicationType.REACTIVE, this.dir.resolve("app.sock"),
				UnixSocketServerTests.EXCLUDE_TOMCAT);
	}

	/**
	 * A request in flight on the Unix socket only gets its whole response while the
	 * context closes; a new Unix connection during the drain fails as one to the TCP port
	 * does. The TCP port refuses (nothing listens); the Unix socket's file is gone
	 * (ENOENT, "No such file or directory"), because the server removes it as it stops
	 * accepting, which also frees the path for a successor.
	 */
	static void assertDrainsWithTheTcpPort(Class<?> app, WebApplicationType type, Path socket, String... properties)
			throws Exception {
		ConfigurableApplicationContext context = UnixSocketServerTests.start(app, type, socket, properties);
		CompletableFuture<Void> closed = null;
		// Threads of its own: the request and the close both block, and the common pool
		// may have a single worker (2 cores; JDK 25 no longer gives CompletableFuture a
		// thread per task there), which would run the close only after the request.
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Gate gate = context.getBean(Gate.class);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> UnixSockets.get(socket, "/slow"),
					threads);
			assertThat(gate.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the request reached the handler")
				.isTrue();
			closed = CompletableFuture.runAsync(context::close, threads);
			await().atMost(WAIT).until(() -> refuses(port) && !Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> UnixSockets.connect(socket))
				.withMessageContaining("No such file or directory");
			assertThat(closed).as("the context still waits for the request in flight").isNotDone();
			gate.release.complete("slow-done");
			assertThat(inFlight.get(WAIT.toSeconds(), TimeUnit.SECONDS)).startsWith("HTTP/1.1 200")
				.endsWith("slow-done");
			closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		finally {
			if (closed == null) {
				context.close();
			}
			threads.shutdownNow();
		}
		assertThat(socket).doesNotExist();
	}

	/**
	 * The directory is watched (inotify, through the JDK's {@code WatchService}) while
	 * the server starts: the socket file is created at the configured path once and never
	 * changed afterwards (a {@code chmod} would be an {@code IN_ATTRIB}, reported as
	 * {@code ENTRY_MODIFY}), and it has the configured permissions (not the umask's), so
	 * it had them from the moment it could be connected to. Nothing of the bind is left
	 * in the directory.
	 */
	static void assertAppearsWithItsPermissions(Class<?> app, WebApplicationType type, Path dir, String... properties)
			throws Exception {
		Path socket = dir.resolve("app.sock");
		String[] all = Stream
			.concat(Stream.of("loopback.fastpath.unix.server.permissions=rw-------"), Stream.of(properties))
			.toArray(String[]::new);
		try (WatchService watcher = dir.getFileSystem().newWatchService()) {
			dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
			try (ConfigurableApplicationContext context = UnixSocketServerTests.start(app, type, socket, all)) {
				// inotify reports in order: once the marker's creation is seen, so is
				// everything done to the socket file before it.
				Path marker = Files.createFile(dir.resolve("marker"));
				List<String> socketEvents = new ArrayList<>();
				boolean markerSeen = false;
				long deadline = System.nanoTime() + WAIT.toNanos();
				while (!markerSeen && System.nanoTime() < deadline) {
					WatchKey key = watcher.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
					if (key == null) {
						break;
					}
					for (WatchEvent<?> event : key.pollEvents()) {
						if (socket.getFileName().equals(event.context())) {
							socketEvents.add(event.kind().name());
						}
						markerSeen |= marker.getFileName().equals(event.context());
					}
					key.reset();
				}
				assertThat(markerSeen).isTrue();
				assertThat(socketEvents).containsExactly("ENTRY_CREATE");
				assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
				Files.delete(marker);
				try (Stream<Path> files = Files.list(dir)) {
					assertThat(files).containsExactly(socket);
				}
				assertThat(UnixSockets.get(socket, "/ping")).endsWith("pong");
			}
		}
	}

	/**
	 * Another server's live socket replaces this one's file at the path (as a newer
	 * instance does once the old one's file is gone): stopping this server leaves it
	 * there, still accepting.
	 */
	static void assertLeavesAnotherServersSocketAlone(Class<?> app, WebApplicationType type, Path socket,
			String... properties) throws Exception {
		ConfigurableApplicationContext context = UnixSocketServerTests.start(app, type, socket, properties);
		try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			try {
				assertThat(UnixSockets.get(socket, "/ping")).endsWith("pong");
				Files.delete(socket);
				other.bind(UnixDomainSocketAddress.of(socket));
			}
			finally {
				context.close();
			}
			assertThat(UnixSocketPaths.isSocket(socket)).isTrue();
			try (SocketChannel client = UnixSockets.connect(socket); SocketChannel accepted = other.accept()) {
				assertThat(accepted).isNotNull();
			}
		}
	}

	static boolean refuses(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port));
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Holds {@code /slow} until the test releases it.
	 */
	static class Gate {

		final CountDownLatch entered = new CountDownLatch(1);

		final CompletableFuture<String> release = new CompletableFuture<>();

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class MvcApp {

		@Bean
		Gate gate() {
			return new Gate();
		}

		@Bean
		SlowController slowController(Gate gate) {
			return new SlowController(gate);
		}

	}

	@RestController
	static class SlowController {

		private final Gate gate;

		SlowController(Gate gate) {
			this.gate = gate;
		}

		@GetMapping("/ping")
		String ping() {
			return "pong";
		}

		@GetMapping("/slow")
		String slow() throws Exception {
			this.gate.entered.countDown();
			return this.gate.release.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class FluxApp {

		@Bean
		Gate gate() {
			return new Gate();
		}

		@Bean
		RouterFunction<ServerResponse> routes(Gate gate) {
			return RouterFunctions.route()
				.GET("/ping", (request) -> ServerResponse.ok().bodyValue("pong"))
				.GET("/slow",
						(request) -> Mono.fromRunnable(gate.entered::countDown)
							.then(Mono.fromFuture(gate.release))
							.flatMap((body) -> ServerResponse.ok().bodyValue(body)))
				.build();
		}

	}

}
