package io.github.loopbackfastpath.benchmarks.endtoend;

import java.io.IOException;
import java.io.InputStream;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The server under load: one endpoint with a four-byte body, so that the figures are
 * about the connection, not the application. The same controller runs on Spring MVC
 * (Tomcat) and on WebFlux (Reactor Netty). {@code POST /upload} reads the request body as
 * it arrives, keeps none of it, and answers with the number of bytes it read, so that an
 * upload measures the transport and the client can check that every byte arrived.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ PingApplication.PingController.class, PingApplication.ServletUpload.class,
		PingApplication.ReactiveUpload.class })
public class PingApplication {

	/** Answers {@code GET /ping}. */
	@RestController
	public static class PingController {

		/**
		 * The response.
		 * @return {@code pong}
		 */
		@GetMapping("/ping")
		public String ping() {
			return "pong";
		}

	}

	/** Counts an upload on Spring MVC, from the request's input stream. */
	@RestController
	@ConditionalOnWebApplication(type = Type.SERVLET)
	public static class ServletUpload {

		/**
		 * Reads the body.
		 * @param body the request body
		 * @return the number of bytes read
		 * @throws IOException when the body cannot be read
		 */
		@PostMapping("/upload")
		public String upload(InputStream body) throws IOException {
			byte[] buffer = new byte[64 * 1024];
			long count = 0;
			int read;
			while ((read = body.read(buffer)) != -1) {
				count += read;
			}
			return Long.toString(count);
		}

	}

	/** Counts an upload on WebFlux, releasing each buffer as it arrives. */
	@RestController
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	public static class ReactiveUpload {

		/**
		 * Reads the body.
		 * @param request the request
		 * @return the number of bytes read
		 */
		@PostMapping("/upload")
		public Mono<String> upload(ServerHttpRequest request) {
			return request.getBody().reduce(0L, (count, buffer) -> {
				long total = count + buffer.readableByteCount();
				DataBufferUtils.release(buffer);
				return total;
			}).map((count) -> Long.toString(count));
		}

	}

}
