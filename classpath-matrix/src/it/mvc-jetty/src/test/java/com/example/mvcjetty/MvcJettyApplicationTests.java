package com.example.mvcjetty;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.loopbackfastpath.test.LoopbackHttp;
import io.github.loopbackfastpath.test.WsaStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring MVC on Jetty, a server the starter does not hook: the application starts and serves
 * with the fast path enabled, no socket gets a native call, and the report names Jetty as not
 * covered, with its listener unhooked and no accepted-connection count it cannot know.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class MvcJettyApplicationTests {

	@LocalServerPort
	private int port;

	@Test
	void servesOnJettyAndReportsItNotCovered(CapturedOutput output) throws IOException {
		assertThat(LoopbackHttp.get("127.0.0.1", this.port, "/hello")).isEqualTo("hello from Spring MVC on Jetty");
		assertThat(WsaStandIn.calls()).isEmpty();

		DocumentContext report = JsonPath.parse(LoopbackHttp.get("127.0.0.1", this.port, "/actuator/loopback"));
		assertThat(report.read("$.enabled", Boolean.class)).isTrue();
		assertThat(report.read("$.platform.supported", Boolean.class)).isTrue();
		assertThat(report.read("$.components", Map.class)).containsOnlyKeys("jetty");
		assertThat(report.read("$.components.jetty.applied", Integer.class)).isZero();
		assertThat(report.read("$.components.jetty.notCovered", String.class)).startsWith("JettyWebServer: ")
			.contains("spring-boot-starter-tomcat");
		assertThat(report.read("$.listeners", List.class)).hasSize(1);
		assertThat(report.read("$.listeners[0].component", String.class)).isEqualTo("jetty");
		assertThat(report.read("$.listeners[0].address", String.class)).endsWith(":" + this.port);
		assertThat(report.read("$.listeners[0].outcome", String.class)).isEqualTo("skipped");
		assertThat(report.read("$.listeners[0].reason", String.class)).isEqualTo("unhooked");
		assertThat(report.read("$.listeners[0].acceptedConnections", Object.class)).isNull();
		assertThat(output).contains("Loopback fast path: SIO_LOOPBACK_FASTPATH on ")
			.contains("listeners: jetty ")
			.contains("does not cover jetty");
	}

}
