package io.github.loopbackfastpath.benchmarks.soak;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The server the soak sends its requests to; the same controller runs on Spring MVC
 * (Tomcat) and on WebFlux (Reactor Netty).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(SoakServerApplication.PingController.class)
public class SoakServerApplication {

	/**
	 * Event loops and connection pools of this application's own. Spring's
	 * {@code ReactorResourceFactory} disposes the JVM-wide {@code HttpResources} when an
	 * application that uses them stops, which would take the event loops of the other
	 * applications of this JVM down with it; one application per JVM never sees that.
	 * @return the resources, created and disposed with this application
	 */
	@Bean
	ReactorResourceFactory reactorResourceFactory() {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		return factory;
	}

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
