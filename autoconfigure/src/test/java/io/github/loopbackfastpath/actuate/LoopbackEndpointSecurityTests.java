package io.github.loopbackfastpath.actuate;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

import io.github.loopbackfastpath.test.LoopbackHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/loopback} is unexposed until the application exposes it, read-only
 * when it is, and shows nothing of the application's configuration or environment beyond
 * the starter's own state.
 */
class LoopbackEndpointSecurityTests {

	private static final String SECRET = "s3cr3t-value-that-must-not-leak";

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void endpointIsNotExposedByDefault() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			int port = port(context);
			assertThat(status("GET", port, "/actuator/health")).as("actuator itself is up").isEqualTo(200);
			assertThat(status("GET", port, "/actuator/loopback")).isEqualTo(404);
		}
	}

	@Test
	void exposedEndpointOnlyReadsAndHoldsNothingSecret() throws Exception {
		try (ConfigurableApplicationContext context = start("management.endpoints.web.exposure.include=loopback")) {
			int port = port(context);
			String body = LoopbackHttp.get("127.0.0.1", port, "/actuator/loopback");
			assertThat(body).contains("\"enabled\":true")
				.doesNotContain(SECRET)
				.doesNotContain(System.getProperty("user.home"))
				.doesNotContain("spring.datasource");
			assertThat(status("POST", port, "/actuator/loopback")).isEqualTo(405);
			assertThat(status("PUT", port, "/actuator/loopback")).isEqualTo(405);
			assertThat(status("DELETE", port, "/actuator/loopback")).isEqualTo(405);
		}
	}

	@Test
	void endpointDeclaresReadOperationsOnly() {
		Method[] methods = LoopbackEndpoint.class.getDeclaredMethods();
		assertThat(methods).anyMatch((method) -> method.isAnnotationPresent(ReadOperation.class));
		assertThat(Arrays.stream(methods)
			.filter((method) -> method.isAnnotationPresent(WriteOperation.class)
					|| method.isAnnotationPresent(DeleteOperation.class))
			.toList()).isEmpty();
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.SERVLET)
			.properties("loopback.fastpath.enabled=true", "server.address=127.0.0.1", "server.port=0",
					"spring.main.banner-mode=off", "spring.datasource.password=" + SECRET, "sidecar.token=" + SECRET)
			.properties(properties)
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static int status(String method, int port, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(10))
			.build();
		return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
