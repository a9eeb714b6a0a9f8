package io.github.loopbackfastpath.unix.netty;

import java.time.Duration;
import java.util.Random;
import java.util.zip.CRC32;

import reactor.core.publisher.Flux;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Uploads a large body through the auto-configured Reactor RestClient and WebClient on a
 * route, in a JVM of its own with a small heap ({@link RouteUploadTests} starts it), and
 * prints each answer on a line of its own.
 */
public final class UploadClient {

	static final int CHUNK = 64 * 1024;

	private UploadClient() {
	}

	/**
	 * The chunk the body repeats.
	 * @return 64 KiB of seeded random bytes
	 */
	static byte[] chunk() {
		byte[] chunk = new byte[CHUNK];
		new Random(21).nextBytes(chunk);
		return chunk;
	}

	/**
	 * The CRC-32 of a body of chunks.
	 * @param chunks how many
	 * @return the checksum
	 */
	static long crc(int chunks) {
		CRC32 crc = new CRC32();
		byte[] chunk = chunk();
		for (int i = 0; i < chunks; i++) {
			crc.update(chunk);
		}
		return crc.getValue();
	}

	public static void main(String[] args) {
		int port = Integer.parseInt(args[0]);
		String socket = args[1];
		int chunks = Integer.parseInt(args[2]);
		byte[] chunk = chunk();
		String url = "http://127.0.0.1:" + port + "/upload";
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
				ReactorNettyRouteTests.ClientApp.class)
			.web(WebApplicationType.NONE)
			.properties("loopback.fastpath.enabled=true", "loopback.fastpath.unix.routes." + port + "=" + socket,
					"spring.http.clients.imperative.factory=reactor", "spring.http.clients.reactive.connector=reactor",
					"spring.main.banner-mode=off")
			.run()) {
			RestClient restClient = context.getBean(RestClient.Builder.class).build();
			String rest = restClient.post().uri(url).body((out) -> {
				for (int i = 0; i < chunks; i++) {
					out.write(chunk);
				}
			}).retrieve().body(String.class);
			System.out.println("restclient=" + rest);
			WebClient webClient = context.getBean(WebClient.Builder.class).build();
			Flux<DataBuffer> body = Flux.range(0, chunks)
				.map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(chunk));
			String web = webClient.post()
				.uri(url)
				.body(BodyInserters.fromDataBuffers(body))
				.retrieve()
				.bodyToMono(String.class)
				.block(Duration.ofMinutes(2));
			System.out.println("webclient=" + web);
		}
	}

}
