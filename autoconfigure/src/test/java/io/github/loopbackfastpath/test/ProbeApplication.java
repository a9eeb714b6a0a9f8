package io.github.loopbackfastpath.test;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.outcome.FastPathListener;
import org.apache.catalina.webresources.TomcatURLStreamHandlerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A Spring MVC application with the starter and nothing of its own but one endpoint,
 * started by tests inside an {@link IsolatedClassPath}: it serves a request that its
 * auto-configured {@code RestClient} sends to it over loopback, and reports what the
 * starter recorded.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@RestController
public class ProbeApplication {

	@GetMapping("/ping")
	String ping() {
		return "pong";
	}

	/**
	 * Starts the application, sends one request, and describes the status.
	 * @param properties extra properties ({@code name=value})
	 * @return {@code response}, then one entry per component
	 * ({@code applied/failed/skipped/notCovered}) and per listener
	 * ({@code listener:component})
	 */
	public static Map<String, String> serveAndReport(String... properties) {
		// The JVM takes one URL stream handler factory; Tomcat's copy in the test's own
		// class loader may have set it already.
		TomcatURLStreamHandlerFactory.disable();
		SpringApplication application = new SpringApplication(ProbeApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("server.port", "0");
		defaults.put("server.address", "127.0.0.1");
		defaults.put("loopback.fastpath.enabled", "true");
		defaults.put("spring.main.banner-mode", "off");
		application.setDefaultProperties(defaults);
		String[] arguments = new String[properties.length];
		for (int i = 0; i < properties.length; i++) {
			arguments[i] = "--" + properties[i];
		}
		try (ConfigurableApplicationContext context = application.run(arguments)) {
			String port = context.getEnvironment().getProperty("local.server.port");
			RestClient client = context.getBean(RestClient.Builder.class).build();
			Map<String, String> report = new LinkedHashMap<>();
			report.put("response",
					client.get().uri("http://127.0.0.1:" + port + "/ping").retrieve().body(String.class));
			LoopbackFastPath fastPath = context.getBean(LoopbackFastPath.class);
			for (Map.Entry<String, ComponentStats> entry : fastPath.outcomes().components().entrySet()) {
				ComponentStats stats = entry.getValue();
				report.put(entry.getKey(),
						stats.applied() + "/" + stats.failed() + "/" + stats.skipped() + "/" + stats.notCovered());
			}
			for (FastPathListener listener : fastPath.outcomes().listeners()) {
				report.put("listener:" + listener.component(), listener.outcome().result().name());
			}
			return report;
		}
	}

}
