package com.example.mvchttpclient5;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.loopbackfastpath.test.LoopbackHttp;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandIn.Call;
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
		assertThat(sidecar.clientPorts()).hasSize(1);

		List<Call> calls = WsaStandIn.calls();
		assertThat(calls).allSatisfy((call) -> assertThat(call.violation()).isEmpty());
		// Tomcat's listener, before it listened; the client's socket, before it connected, still
		// pooled and bound to the port the sidecar saw.
		List<Call> listener = calls.stream().filter((call) -> WsaStandIn.listeningNow(call.handle())).toList();
		List<Call> client = calls.stream().filter((call) -> !WsaStandIn.listeningNow(call.handle())).toList();
		assertThat(listener).singleElement().satisfies((call) -> {
			assertThat(call.listening()).isFalse();
			assertThat(WsaStandIn.boundPortNow(call.handle())).isEqualTo(this.port);
		});
		assertThat(client).singleElement().satisfies((call) -> {
			assertThat(call.connected()).isFalse();
			assertThat(WsaStandIn.boundPortNow(call.handle())).isEqualTo(sidecar.clientPorts().get(0));
		});

		DocumentContext report = JsonPath.parse(LoopbackHttp.get("127.0.0.1", this.port, "/actuator/loopback"));
		assertThat(report.read("$.enabled", Boolean.class)).isTrue();
		assertThat(report.read("$.components", Map.class)).containsOnlyKeys("tomcat", "restclient");
		assertThat(report.read("$.components.tomcat.applied", Long.class)).isEqualTo(listener.size());
		assertThat(report.read("$.components.restclient.applied", Long.class)).isEqualTo(client.size());
		assertThat(report.read("$.components.restclient.failed", Long.class)).isZero();
		assertThat(report.read("$.components.restclient.skipped", Long.class)).isZero();
		assertThat(report.read("$.components.restclient.notCovered", String.class)).isNull();
		assertThat(report.read("$.components.restclient.destinations", Map.class))
			.containsOnlyKeys(String.valueOf(sidecar.port()));
		assertThat(report.read("$.listeners[*].component", List.class)).containsExactly("tomcat");
		assertThat(report.read("$.listeners[0].outcome", String.class)).isEqualTo("applied");
	}

}
