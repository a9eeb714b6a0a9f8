package com.example.mvchttpclient5;

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
 * Spring MVC with RestClient on Apache HttpClient 5 and no Reactor Netty: both Tomcat's listener
 * and the client's connection to the sidecar get the fast path, one stand-in call each.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class MvcHttpClient5ApplicationTests {

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
	void servesThroughTheHookedClientAndReportsBothSides() throws IOException {
		assertThat(LoopbackHttp.get("127.0.0.1", this.port, "/hello")).isEqualTo("sidecar says pong");
		// One call for the server's listener, one for the client's connection to the sidecar.
		StandInRecord record = StandInRecord.read().hasOneListenerOn(this.port).hasOneClientConnectionTo(sidecar);

		DocumentContext report = JsonPath.parse(LoopbackHttp.get("127.0.0.1", this.port, "/actuator/loopback"));
		assertThat(report.read("$.enabled", Boolean.class)).isTrue();
		assertThat(report.read("$.components", Map.class)).containsOnlyKeys("tomcat", "restclient");
		assertThat(report.read("$.components.tomcat.applied", Long.class)).isEqualTo(record.listeners().size());
		assertThat(report.read("$.components.restclient.applied", Long.class)).isEqualTo(record.clients().size());
		assertThat(report.read("$.components.restclient.failed", Long.class)).isZero();
		assertThat(report.read("$.components.restclient.skipped", Long.class)).isZero();
		assertThat(report.read("$.components.restclient.notCovered", String.class)).isNull();
		assertThat(report.read("$.components.restclient.destinations", Map.class))
			.containsOnlyKeys(String.valueOf(sidecar.port()));
		assertThat(report.read("$.listeners[*].component", List.class)).containsExactly("tomcat");
		assertThat(report.read("$.listeners[0].outcome", String.class)).isEqualTo("applied");
	}

}
