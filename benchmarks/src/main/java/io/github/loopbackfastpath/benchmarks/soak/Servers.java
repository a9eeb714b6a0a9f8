package io.github.loopbackfastpath.benchmarks.soak;

import java.util.List;

import io.github.loopbackfastpath.outcome.FastPathOutcomes;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The two servers of the soak, Tomcat and Reactor Netty, each its own application with
 * the starter enabled.
 */
final class Servers {

	private final ConfigurableApplicationContext tomcat;

	private final ConfigurableApplicationContext netty;

	private Servers(ConfigurableApplicationContext tomcat, ConfigurableApplicationContext netty) {
		this.tomcat = tomcat;
		this.netty = netty;
	}

	static Servers start() {
		return new Servers(start(WebApplicationType.SERVLET), start(WebApplicationType.REACTIVE));
	}

	private static ConfigurableApplicationContext start(WebApplicationType type) {
		return new SpringApplicationBuilder(SoakServerApplication.class).web(type)
			.properties("loopback.fastpath.enabled=true", "server.address=127.0.0.1", "server.port=0",
					"spring.main.banner-mode=off", "spring.jmx.enabled=false", "logging.level.root=WARN",
					// Tomcat closes a kept-alive connection after 100 requests or 20 s
					// idle; a pooled
					// connection closed that way just as a request goes out on it fails
					// that request
					// ("Connection prematurely closed BEFORE response"), a race of HTTP
					// keep-alive that
					// has nothing to do with the starter. The soak churns connections
					// itself instead.
					"server.tomcat.max-keep-alive-requests=-1", "server.tomcat.keep-alive-timeout=10m")
			.run();
	}

	/** Base URLs, keyed by the server's label. */
	List<Endpoint> endpoints() {
		return List.of(new Endpoint("tomcat", baseUrl(this.tomcat)), new Endpoint("netty", baseUrl(this.netty)));
	}

	int nettyPort() {
		return port(this.netty);
	}

	private static String baseUrl(ConfigurableApplicationContext context) {
		return "http://127.0.0.1:" + port(context);
	}

	private static int port(ConfigurableApplicationContext context) {
		// A started web application context always has its server; null only
		// before refresh.
		WebServer server = ((WebServerApplicationContext) context).getWebServer();
		if (server == null) {
			throw new IllegalStateException("the soak's server application has no web server");
		}
		return server.getPort();
	}

	void close(SoakMain.Totals into) {
		for (ConfigurableApplicationContext context : List.of(this.tomcat, this.netty)) {
			FastPathOutcomes outcomes = context.getBean(FastPathOutcomes.class);
			context.close();
			into.add(outcomes);
		}
	}

	record Endpoint(String label, String baseUrl) {
	}

}
