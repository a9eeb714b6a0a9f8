package io.github.loopbackfastpath.benchmarks.endtoend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.loopbackfastpath.platform.FastPathPlatforms;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the applications of a benchmark process from their description on the command
 * line, with the settings every benchmark application shares.
 */
final class Apps {

	/** Separates the properties of one application on the command line. */
	static final String SEPARATOR = ";";

	private Apps() {
	}

	/**
	 * Starts one application.
	 * @param application its class
	 * @param type servlet (Tomcat), reactive (Reactor Netty) or none (clients)
	 * @param standIn the C stand-in library to bind {@code WSAIoctl} from, or {@code -}
	 * for none
	 * @param properties its own properties, separated by {@value #SEPARATOR}
	 * @return the running application
	 */
	static ConfigurableApplicationContext start(Class<?> application, WebApplicationType type, String standIn,
			String properties) {
		// The native test seam is read when the starter's LoopbackFastPath bean is
		// created, so the
		// property only needs to be set while this application starts.
		if (!standIn.equals("-")) {
			System.setProperty(FastPathPlatforms.NATIVE_LIBRARY_PROPERTY, standIn);
		}
		try {
			List<String> all = new ArrayList<>(List.of("server.address=127.0.0.1", "server.port=0",
					"spring.main.banner-mode=off", "spring.jmx.enabled=false", "logging.level.root=WARN",
					// Tomcat closes a kept-alive connection after 100 requests and after
					// 20 s idle; a
					// pooled client connection closed that way while a request is on it
					// fails the run
					// ("Connection prematurely closed BEFORE response"). Keep connections
					// for the run.
					"server.tomcat.max-keep-alive-requests=-1", "server.tomcat.keep-alive-timeout=10m"));
			if (!properties.isEmpty()) {
				all.addAll(Arrays.asList(properties.split(SEPARATOR)));
			}
			return new SpringApplicationBuilder(application).web(type).properties(all.toArray(String[]::new)).run();
		}
		finally {
			System.clearProperty(FastPathPlatforms.NATIVE_LIBRARY_PROPERTY);
		}
	}

}
