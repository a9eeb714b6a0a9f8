package io.github.loopbackfastpath.benchmarks.soak;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * A non-web application whose auto-configured {@code WebClient.Builder},
 * {@code RestClient.Builder} and {@code RestTemplateBuilder} make the soak's requests, as
 * an application calling its sidecars would get them.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class SoakClientApplication {

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

}
