package io.github.loopbackfastpath.actuate;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.test.EnabledIfWsaStandIn;
import io.github.loopbackfastpath.test.WsaStandIn;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /actuator/loopback} on this (non-Windows) machine without the native test
 * seam: the report says the platform is unsupported and why, and nothing fails.
 */
@SpringBootTest(classes = LoopbackEndpointUnsupportedPlatformIntegrationTests.App.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "loopback.fastpath.enabled=true", "management.endpoints.web.exposure.include=loopback" })
@DirtiesContext
@EnabledIfWsaStandIn
class LoopbackEndpointUnsupportedPlatformIntegrationTests {

	static {
		WsaStandIn.uninstall();
	}

	@LocalServerPort
	private int port;

	@Autowired
	private LoopbackFastPath fastPath;

	@Test
	void reportsUnsupportedPlatformAndSkipsLoopbackConnections() throws Exception {
		try (ServerSocketChannel server = ServerSocketChannel.open()) {
			server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
			try (SocketChannel client = SocketChannel.open()) {
				assertThat(this.fastPath.beforeConnect(client, server.getLocalAddress(), "it-client").reason())
					.isEqualTo("platform-unsupported");
				client.connect(server.getLocalAddress());
				assertThat(client.isConnected()).isTrue();
			}
		}
		assertThat(WsaStandIn.calls()).isEmpty();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/loopback")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode report = JsonMapper.builder().build().readTree(response.body());
		JsonNode platform = report.path("platform");
		assertThat(report.path("enabled").asBoolean()).isTrue();
		assertThat(platform.path("supported").asBoolean()).isFalse();
		assertThat(platform.path("mechanism").asString()).isEqualTo("none");
		assertThat(platform.path("reason").asString()).contains("SIO_LOOPBACK_FASTPATH exists only on Windows");
		assertThat(platform.get("nativeLibrary").isNull()).isTrue();
		assertThat(platform.get("deprecation").isNull()).isTrue();
		assertThat(platform.get("fallbackCounters").isNull()).isTrue();
		JsonNode client = report.path("components").path("it-client");
		assertThat(client.path("skipped").asLong()).isEqualTo(1);
		assertThat(client.path("applied").asLong()).isZero();
		assertThat(client.path("skips").path("platform-unsupported").asLong()).isEqualTo(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
