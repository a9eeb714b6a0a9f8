package io.github.loopbackfastpath.unix.httpcomponents;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.zip.CRC32;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.UnixSidecar;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A body streams through the Apache route as over TCP: 256 MB go up in a JVM whose whole
 * heap is 256 MB (the {@code small-heap} test execution runs this class with
 * {@code -Xmx256m}), and the sidecar counts and checksums what it received.
 */
@Tag("small-heap")
@EnabledIfUnixDomainSockets
class HttpComponentsUnixRouteUploadTests {

	private static final long SIZE = 256L * 1024 * 1024;

	private static final int CHUNK = 64 * 1024;

	@TempDir
	Path dir;

	@Test
	void a256MegabyteUploadStreamsThroughTheRouteInA256MegabyteHeap() throws Exception {
		assertThat(Runtime.getRuntime().maxMemory()).as("the heap of this JVM (-Xmx256m)")
			.isLessThanOrEqualTo(256L * 1024 * 1024);
		byte[] chunk = new byte[CHUNK];
		new Random(21).nextBytes(chunk);
		CRC32 expected = new CRC32();
		for (long sent = 0; sent < SIZE; sent += CHUNK) {
			expected.update(chunk);
		}
		Path socket = this.dir.resolve("s.sock");
		int port = UnixSidecar.unusedPort();
		try (ScriptedSidecar sidecar = ScriptedSidecar.start(socket, "unix");
				ConfigurableApplicationContext context = HttpComponentsUnixRouteTests.start(port, socket)) {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			StreamingHttpOutputMessage.Body body = (out) -> {
				for (long sent = 0; sent < SIZE; sent += CHUNK) {
					out.write(chunk);
				}
			};
			// A guard against a hang, far above the seconds it takes.
			String answer = assertTimeoutPreemptively(Duration.ofMinutes(3),
					() -> client.post()
						.uri("http://127.0.0.1:" + port + "/upload")
						.body(body)
						.retrieve()
						.body(String.class));
			assertThat(answer).isEqualTo("unix POST /upload " + SIZE + " " + expected.getValue());
			assertThat(sidecar.received()).singleElement()
				.satisfies((received) -> assertThat(received.bytes()).isEqualTo(SIZE));
		}
	}

}
