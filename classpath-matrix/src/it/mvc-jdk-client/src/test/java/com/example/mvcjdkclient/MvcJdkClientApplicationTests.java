package com.example.mvcjdkclient;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.loopbackfastpath.test.LoopbackHttp;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.StandInRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring MVC with RestClient on the JDK client, the first application of issue #11: before the
 * fix it did not start ({@code NoClassDefFoundError: reactor/netty/http/client/HttpClient}).
 * Tomcat's listener gets the fast path; the JDK client is reported as not covered, with what to
 * use instead, and still works.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class MvcJdkClientApplicationTests {

	private static SidecarStub sidecar;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void startSidecar() throws IOException {
		sidecar = SidecarStub.start("127.0.0.1");
	}

	@DynamicPropertySource
	static void sidecarUrl(DynamicPropertyRegistry registry) {
		registry.add("sidecar.url", sidecar::url);
	}

	@AfterAll
	static void stopSidecar() {
		sidecar.close();
	}

	@Test
	void servesThroughTheUncoveredClientAndReportsTomcatApplied() throws IOException {
		assertThat(LoopbackHttp.get("127.0.0.1", this.port, "/hello")).isEqualTo("sidecar says pong");
		assertThat(sidecar.clientPorts()).hasSize(1);
		// One call, for Tomcat's listener; none for the JDK client's connection.
		StandInRecord record = StandInRecord.read().hasOneListenerOn(this.port);
		assertThat(record.clients()).isEmpty();

		DocumentContext report = JsonPath.parse(LoopbackHttp.get("127.0.0.1", this.port, "/actuator/loopback"));
		assertThat(report.read("$.enabled", Boolean.class)).isTrue();
		assertThat(report.read("$.platform.supported", Boolean.class)).isTrue();
		assertThat(report.read("$.components", Map.class)).containsOnlyKeys("tomcat", "restclient");
		assertThat(report.read("$.components.tomcat.applied", Long.class)).isEqualTo(record.listeners().size());
		assertThat(report.read("$.components.tomcat.failed", Long.class)).isZero();
		assertThat(report.read("$.components.tomcat.skipped", Long.class)).isZero();
		assertThat(report.read("$.components.restclient.applied", Long.class)).isZero();
		assertThat(report.read("$.components.restclient.failed", Long.class)).isZero();
		assertThat(report.read("$.components.restclient.skipped", Long.class)).isZero();
		assertThat(report.read("$.components.restclient.notCovered", String.class))
			.startsWith("JdkClientHttpRequestFactoryBuilder: ")
			.contains("spring.http.clients.imperative.factory=http-components");
		assertThat(report.read("$.listeners[*].component", List.class)).containsExactly("tomcat");
		assertThat(report.read("$.listeners[0].address", String.class)).endsWith(":" + this.port);
		assertThat(report.read("$.listeners[0].outcome", String.class)).isEqualTo("applied");
		assertThat(report.read("$.listeners[0].acceptedConnections", Long.class)).isPositive();
	}

}
