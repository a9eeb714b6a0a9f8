package io.github.loopbackfastpath.actuate;

import java.util.ArrayList;
import java.util.List;

import io.github.loopbackfastpath.test.GrpcEcho;
import io.github.loopbackfastpath.test.LoopbackHttp;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandInExtension;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Spring MVC application with an HTTP service group, Spring Boot's gRPC client and
 * its gRPC server, all to loopback, with the C stand-in of {@code WSAIoctl}:
 * {@code /actuator/loopback} shows all three, and its counts add up to exactly the calls
 * the stand-in saw.
 */
@ExtendWith(WsaStandInExtension.class)
class ClientFamiliesEndpointIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void groupGrpcClientAndGrpcServerShowUpWithTheStandInsCounts() throws Exception {
		try (SidecarStub sidecar = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
					.web(WebApplicationType.SERVLET)
					.properties("loopback.fastpath.enabled=true", "server.address=127.0.0.1", "server.port=0",
							"management.endpoints.web.exposure.include=loopback", "spring.grpc.server.port=0",
							"spring.http.serviceclient.sidecar.base-url=" + sidecar.url(),
							"spring.http.serviceclient.sidecar.read-timeout=5s")
					.run()) {
			int grpcPort = context.getBean(GrpcServerLifecycle.class).getPort();
			assertThat(context.getBean(SidecarApi.class).get()).isEqualTo("pong");
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("[::1]:" + grpcPort);
			assertThat(GrpcEcho.call(channel, "ping")).isEqualTo("echo:ping");

			int httpPort = Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "-1"));
			JsonNode report = json.readTree(LoopbackHttp.get("127.0.0.1", httpPort, "/actuator/loopback"));
			JsonNode components = report.path("components");
			for (String component : List.of("http-service.sidecar", "grpc-client", "grpc-server", "tomcat")) {
				assertThat(components.path(component).path("applied").asLong()).as(component).isEqualTo(1);
			}
			assertThat(components.path("http-service.sidecar").path("destinations").has(String.valueOf(sidecar.port())))
				.isTrue();
			assertThat(components.path("grpc-client").path("destinations").has(String.valueOf(grpcPort))).isTrue();
			List<String> listeners = new ArrayList<>();
			report.path("listeners")
				.forEach((listener) -> listeners.add(listener.path("component").asString() + " "
						+ listener.path("address").asString() + " " + listener.path("outcome").asString()));
			assertThat(listeners).containsExactlyInAnyOrder("tomcat 127.0.0.1:" + httpPort + " applied",
					"grpc-server [0:0:0:0:0:0:0:0]:" + grpcPort + " applied");

			long applied = 0;
			for (JsonNode stats : components) {
				applied += stats.path("applied").asLong() + stats.path("failed").asLong();
			}
			List<WsaStandIn.Call> calls = WsaStandIn.calls();
			assertThat(calls).allSatisfy((call) -> assertThat(call.violation()).isEmpty());
			assertThat(applied).as("every stand-in call is counted once, and nothing else").isEqualTo(calls.size());
		}
	}

	interface SidecarApi {

		@GetExchange("/")
		String get();

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ImportHttpServices(group = "sidecar", types = SidecarApi.class)
	static class App {

		@Bean
		GrpcEcho grpcEcho() {
			return new GrpcEcho();
		}

	}

}
