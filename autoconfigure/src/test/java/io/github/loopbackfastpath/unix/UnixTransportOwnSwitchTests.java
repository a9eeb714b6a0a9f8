package io.github.loopbackfastpath.unix;

import java.nio.file.Path;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import io.github.loopbackfastpath.test.Curl;
import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandInExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code loopback.fastpath.unix.enabled=true} gives the AF_UNIX transport without the
 * deprecated socket option: the server's socket and the routes work, and the C stand-in
 * of {@code WSAIoctl} (the platform of these tests) sees no call at all, from the server,
 * the routed clients or a TCP loopback request; the status and the startup line say that
 * the option is off. The same application with {@code loopback.fastpath.enabled} does
 * call it, which shows the stand-in would have seen the calls.
 */
@Tag("unix")
@EnabledIfUnixDomainSockets
@ExtendWith({ WsaStandInExtension.class, OutputCaptureExtension.class })
class UnixTransportOwnSwitchTests {

	@TempDir
	Path dir;

	@Test
	void theTransportRunsWithNoSocketOptionCall(CapturedOutput output) throws Exception {
		Path socket = this.dir.resolve("app.sock");
		Path sidecarSocket = this.dir.resolve("sidecar.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				CountingUnixSidecar sidecar = CountingUnixSidecar.start(sidecarSocket);
				ConfigurableApplicationContext context = start(socket, tcp.port(), sidecarSocket,
						"loopback.fastpath.unix.enabled=true")) {
			exercise(context, socket, tcp.port());
			assertThat(sidecar.nextConnectionBytes()).isPositive();
			assertThat(WsaStandIn.calls()).as("SIO_LOOPBACK_FASTPATH calls").isEmpty();
			String status = Curl.get(socket, "/actuator/loopback");
			assertThat((Boolean) JsonPath.read(status, "$.enabled")).isFalse();
			assertThat((Integer) JsonPath.read(status, "$.unix.routes." + tcp.port() + ".connections")).isEqualTo(2);
			assertThat((java.util.Map<?, ?>) JsonPath.read(status, "$.components")).isEmpty();
			assertThat((String) JsonPath.read(status, "$.unix.server.path")).isEqualTo(socket.toString());
			assertThat(output.getOut().lines().filter((line) -> line.contains("Loopback fast path:")))
				.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
				.contains("Loopback fast path: off on ")
				.contains("no SIO_LOOPBACK_FASTPATH call")
				.contains("listeners: none")
				.contains("AF_UNIX: server tomcat on " + socket);
		}
	}

	@Test
	void theSocketOptionSwitchStillCallsItWhereTheStandInIs() throws Exception {
		Path socket = this.dir.resolve("app.sock");
		Path sidecarSocket = this.dir.resolve("sidecar.sock");
		try (SidecarStub tcp = SidecarStub.start("127.0.0.1");
				CountingUnixSidecar sidecar = CountingUnixSidecar.start(sidecarSocket);
				ConfigurableApplicationContext context = start(socket, tcp.port(), sidecarSocket,
						"loopback.fastpath.enabled=true")) {
			exercise(context, socket, tcp.port());
			assertThat(WsaStandIn.calls()).as("SIO_LOOPBACK_FASTPATH calls").isNotEmpty();
			assertThat((Boolean) JsonPath.read(Curl.get(socket, "/actuator/loopback"), "$.enabled")).isTrue();
		}
	}

	@Test
	void theTransportCanBeTurnedOffWhileTheSocketOptionIsOn() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(UnixSocketServerTests.MvcApp.class)
			.web(WebApplicationType.NONE)
			.properties("loopback.fastpath.enabled=true", "loopback.fastpath.unix.enabled=false",
					"loopback.fastpath.unix.routes.15001=" + this.dir.resolve("s.sock"))
			.run()) {
			assertThat(context.getBeanNamesForType(UnixSocketTransport.class)).isEmpty();
			assertThat(context.getBean(io.github.loopbackfastpath.LoopbackFastPath.class).isOn()).isTrue();
		}
	}

	/**
	 * A routed request of each client kind and a TCP loopback request to the application
	 * itself.
	 */
	private static void exercise(ConfigurableApplicationContext context, Path socket, int routed) throws Exception {
		String url = "http://127.0.0.1:" + routed + "/";
		assertThat(context.getBean(RestClient.Builder.class).build().get().uri(url).retrieve().body(String.class))
			.isEqualTo(CountingUnixSidecar.BODY);
		assertThat(context.getBean(WebClient.Builder.class)
			.build()
			.get()
			.uri(url)
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(30))).isEqualTo(CountingUnixSidecar.BODY);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		assertThat(context.getBean(RestClient.Builder.class)
			.build()
			.get()
			.uri("http://127.0.0.1:" + port + "/ping")
			.retrieve()
			.body(String.class)).isEqualTo("pong");
		assertThat(Curl.get(socket, "/ping")).isEqualTo("pong");
	}

	private static ConfigurableApplicationContext start(Path socket, int routed, Path sidecarSocket,
			String... properties) {
		return new SpringApplicationBuilder(UnixSocketServerTests.MvcApp.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "loopback.fastpath.unix.server.path=" + socket,
					"loopback.fastpath.unix.routes." + routed + "=" + sidecarSocket,
					"spring.http.clients.imperative.factory=http-components",
					"management.endpoints.web.exposure.include=loopback")
			.properties(properties)
			.run();
	}

}
