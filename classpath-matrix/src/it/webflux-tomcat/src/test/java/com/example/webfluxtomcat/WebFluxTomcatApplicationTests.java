package com.example.webfluxtomcat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.loopbackfastpath.test.LoopbackHttp;
import io.github.loopbackfastpath.test.StandInRecord;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebFlux on Tomcat, without Reactor Netty or Netty on the class path: the reactive Tomcat's
 * listener gets the fast path, and nothing Netty-related is configured or reported.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WebFluxTomcatApplicationTests {

	@LocalServerPort
	private int port;

	@Test
	void servesOnTomcatAndReportsItsListenerApplied() throws IOException {
		assertThat(LoopbackHttp.get("127.0.0.1", this.port, "/hello")).isEqualTo("hello from WebFlux on Tomcat");

		StandInRecord record = StandInRecord.read().hasOneListenerOn(this.port);
		assertThat(record.clients()).isEmpty();

		DocumentContext report = JsonPath.parse(LoopbackHttp.get("127.0.0.1", this.port, "/actuator/loopback"));
		assertThat(report.read("$.enabled", Boolean.class)).isTrue();
		assertThat(report.read("$.components", Map.class)).containsOnlyKeys("tomcat");
		assertThat(report.read("$.components.tomcat.applied", Long.class)).isEqualTo(record.listeners().size());
		assertThat(report.read("$.components.tomcat.failed", Long.class)).isZero();
		assertThat(report.read("$.listeners[*].component", List.class)).containsExactly("tomcat");
		assertThat(report.read("$.listeners[0].address", String.class)).endsWith(":" + this.port);
		assertThat(report.read("$.listeners[0].outcome", String.class)).isEqualTo("applied");
		assertThat(report.read("$.listeners[0].acceptedConnections", Long.class)).isPositive();
	}

}
