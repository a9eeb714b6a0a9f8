package com.example.webfluxnetty;

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
 * WebFlux on Reactor Netty with WebClient, both on NIO (as on Windows): the server's listener
 * and the client's channel to the sidecar get the fast path, one stand-in call each.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WebFluxNettyApplicationTests {

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
		// The server's listener, before it was bound; the client's socket, before it connected, still
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
		assertThat(report.read("$.components", Map.class)).containsOnlyKeys("netty-server", "webclient");
		assertThat(report.read("$.components['netty-server'].applied", Long.class)).isEqualTo(listener.size());
		assertThat(report.read("$.components.webclient.applied", Long.class)).isEqualTo(client.size());
		assertThat(report.read("$.components.webclient.failed", Long.class)).isZero();
		assertThat(report.read("$.components.webclient.skipped", Long.class)).isZero();
		assertThat(report.read("$.components.webclient.notCovered", String.class)).isNull();
		assertThat(report.read("$.components.webclient.destinations", Map.class))
			.containsOnlyKeys(String.valueOf(sidecar.port()));
		assertThat(report.read("$.listeners[*].component", List.class)).containsExactly("netty-server");
		assertThat(report.read("$.listeners[0].outcome", String.class)).isEqualTo("applied");
	}

}
