package io.github.loopbackfastpath.benchmarks.endtoend;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The server under load: one endpoint with a four-byte body, so that the figures are
 * about the connection, not the application. The same controller runs on Spring MVC
 * (Tomcat) and on WebFlux (Reactor Netty).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(PingApplication.PingController.class)
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

}
