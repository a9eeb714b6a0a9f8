package io.github.loopbackfastpath.unix.netty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.UnixSidecar;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 256 MB upload through the Reactor RestClient and the WebClient on a route streams: it
 * succeeds in a JVM whose heap (256 MB) could not hold it, and the sidecar receives every
 * byte (length and CRC-32 checked on its side). On Reactor Netty's native transport
 * (epoll here) and on NIO (what Windows and macOS without kqueue use).
 */
@EnabledIfUnixDomainSockets
class RouteUploadTests {

	private static final int CHUNKS = 4096;

	@TempDir
	Path dir;

	@ParameterizedTest(name = "native transport: {0}")
	@ValueSource(booleans = { true, false })
	void uploadLargerThanTheHeapStreamsOverTheRoute(boolean nativeTransport) throws Exception {
		int port = UnixSidecar.unusedPort();
		Path socket = this.dir.resolve("u.sock");
		try (RouteSidecar sidecar = RouteSidecar.start("unix", socket)) {
			List<String> command = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
							"-XX:+ExitOnOutOfMemoryError", "-Dreactor.netty.native=" + nativeTransport));
			command.addAll(List.of("-cp", System.getProperty("java.class.path"), UploadClient.class.getName(),
					Integer.toString(port), socket.toString(), Integer.toString(CHUNKS)));
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.dir.resolve("client.log").toFile())
				.start();
			boolean exited = process.waitFor(5, TimeUnit.MINUTES);
			if (!exited) {
				process.destroyForcibly();
			}
			String output = Files.readString(this.dir.resolve("client.log"));
			assertThat(exited).as(output).isTrue();
			assertThat(process.exitValue()).as(output).isZero();
			String expected = ((long) CHUNKS * UploadClient.CHUNK) + ":" + UploadClient.crc(CHUNKS);
			assertThat(output).contains("restclient=" + expected).contains("webclient=" + expected);
			assertThat(sidecar.requests()).containsExactly("POST /upload", "POST /upload");
		}
	}

}
