package io.github.loopbackfastpath.client;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import io.github.loopbackfastpath.test.WsaStandInExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * HTTP service clients ({@code @ImportHttpServices}) get their request factory from
 * Spring Boot per group, with the group's own settings; the starter touches only its
 * auto-configured builder beans, so those settings stay in force.
 */
@ExtendWith(WsaStandInExtension.class)
class HttpServiceGroupClientTests {

	@Test
	void perGroupReadTimeoutStillApplies() throws Exception {
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				ConfigurableApplicationContext context = new SpringApplicationBuilder(ServiceApp.class)
					.web(WebApplicationType.NONE)
					.properties("loopback.fastpath.enabled=true",
							"spring.http.serviceclient.sidecar.base-url=http://127.0.0.1:" + silent.getLocalPort(),
							"spring.http.serviceclient.sidecar.read-timeout=300ms")
					.run()) {
			SidecarApi api = context.getBean(SidecarApi.class);
			// The listener accepts (the kernel completes the handshake) and never
			// answers: only
			// the group's read timeout ends the call.
			assertTimeoutPreemptively(Duration.ofSeconds(10),
					() -> assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(api::get));
			try (Socket ignored = silent.accept()) {
				// the connection the client made
			}
		}
	}

	interface SidecarApi {

		@GetExchange("/")
		String get();

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ImportHttpServices(group = "sidecar", types = SidecarApi.class)
	static class ServiceApp {

	}

}
