package io.github.loopbackfastpath.netty;

import java.util.List;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.outcome.FastPathOutcome;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.test.FailureAnalyses;
import io.github.loopbackfastpath.test.LoopbackHttp;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandInExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * WebFlux on Reactor Netty, forced to the NIO transport that Windows uses (this class
 * runs in the Surefire execution with {@code -Dreactor.netty.native=false}), with the C
 * stand-in of {@code WSAIoctl}.
 */
@Tag("netty-nio")
@ExtendWith(WsaStandInExtension.class)
class NettyServerFastPathTests {

	@Test
	void listenerGetsOneCallBeforeItListensAndServesIpv4AndIpv6() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			int port = port(context);
			assertThat(LoopbackHttp.get("127.0.0.1", port, "/ping")).isEqualTo("pong");
			assertThat(LoopbackHttp.get("[::1]", port, "/ping")).isEqualTo("pong");
			List<WsaStandIn.Call> calls = WsaStandIn.calls();
			assertThat(calls).singleElement().satisfies((call) -> {
				assertThat(call.violation()).isEmpty();
				assertThat(call.listening()).isFalse();
				assertThat(call.localPort()).as("not yet bound").isZero();
				assertThat(WsaStandIn.listeningNow(call.handle())).isTrue();
				assertThat(WsaStandIn.boundPortNow(call.handle())).as("the socket that serves").isEqualTo(port);
			});
			FastPathListener listener = singleListener(context);
			assertThat(listener.component()).isEqualTo("netty-server");
			assertThat(listener.outcome()).isEqualTo(FastPathOutcome.applied());
			assertThat(listener.address()).endsWith(":" + port);
			assertThat(listener.acceptedConnections()).isGreaterThanOrEqualTo(2);
			assertThat(context.getBean(LoopbackFastPath.class).outcomes().components().get("netty-server").applied())
				.isEqualTo(1);
		}
	}

	@Test
	void injectedErrorIsRecordedAndRequestsStillSucceed() throws Exception {
		WsaStandIn.failWith(WsaStandIn.WSAEOPNOTSUPP);
		try (ConfigurableApplicationContext context = start()) {
			assertThat(LoopbackHttp.get("127.0.0.1", port(context), "/ping")).isEqualTo("pong");
			assertThat(singleListener(context).outcome()).isEqualTo(FastPathOutcome.failed("WSAEOPNOTSUPP (10045)"));
			assertThat(WsaStandIn.calls()).hasSize(1);
		}
	}

	@Test
	void disabledServerSideMakesNoCall() throws Exception {
		try (ConfigurableApplicationContext context = start("loopback.fastpath.server.enabled=false")) {
			assertThat(LoopbackHttp.get("127.0.0.1", port(context), "/ping")).isEqualTo("pong");
			assertThat(singleListener(context).outcome().reason()).isEqualTo("server-disabled");
			assertThat(WsaStandIn.calls()).isEmpty();
		}
	}

	@Test
	void starterDisabledLeavesTheServerAlone() throws Exception {
		try (ConfigurableApplicationContext context = start("loopback.fastpath.enabled=false")) {
			assertThat(LoopbackHttp.get("127.0.0.1", port(context), "/ping")).isEqualTo("pong");
			assertThat(context.getBeansOfType(LoopbackFastPath.class)).isEmpty();
			assertThat(WsaStandIn.calls()).isEmpty();
		}
	}

	@Test
	void failureModeFailRefusesToStartWithAnExplanation() {
		WsaStandIn.failWith(WsaStandIn.WSAEOPNOTSUPP);
		assertThatException().isThrownBy(() -> start("loopback.fastpath.on-failure=fail")).satisfies((ex) -> {
			String text = FailureAnalyses.analyze(ex).getDescription();
			assertThat(text).contains("netty-server listener").contains("WSAEOPNOTSUPP (10045)");
		});
	}

	@Test
	void managementServerOnItsOwnPortGetsTheFastPathToo() throws Exception {
		try (ConfigurableApplicationContext context = start("management.server.port=0",
				"management.endpoints.web.exposure.include=health")) {
			int port = port(context);
			List<FastPathListener> listeners = context.getBean(LoopbackFastPath.class).outcomes().listeners();
			assertThat(listeners).hasSize(2).allSatisfy((listener) -> {
				assertThat(listener.component()).isEqualTo("netty-server");
				assertThat(listener.outcome()).isEqualTo(FastPathOutcome.applied());
			});
			int managementPort = listeners.stream()
				.map((listener) -> Integer
					.parseInt(listener.address().substring(listener.address().lastIndexOf(':') + 1)))
				.filter((listenerPort) -> listenerPort != port)
				.findFirst()
				.orElseThrow();
			assertThat(LoopbackHttp.get("127.0.0.1", managementPort, "/actuator/health")).contains("UP");
			List<WsaStandIn.Call> calls = WsaStandIn.calls();
			assertThat(calls).hasSize(2).allSatisfy((call) -> {
				assertThat(call.violation()).isEmpty();
				assertThat(call.listening()).isFalse();
			});
			assertThat(calls.stream().map((call) -> WsaStandIn.boundPortNow(call.handle())))
				.containsExactlyInAnyOrder(port, managementPort);
		}
	}

	@Test
	void listenerLeavesTheReportWhenTheContextCloses() throws Exception {
		FastPathOutcomes outcomes;
		try (ConfigurableApplicationContext context = start()) {
			outcomes = context.getBean(LoopbackFastPath.class).outcomes();
			assertThat(outcomes.listeners()).hasSize(1);
		}
		assertThat(outcomes.listeners()).isEmpty();
		assertThat(outcomes.components().get("netty-server").applied()).as("the record of what happened stays")
			.isEqualTo(1);
	}

	static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(PingApp.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "loopback.fastpath.enabled=true",
					"spring.reactor.netty.shutdown-quiet-period=0s",
					"spring.autoconfigure.exclude=org.springframework.boot.tomcat.autoconfigure.reactive."
							+ "TomcatReactiveWebServerAutoConfiguration,org.springframework.boot.tomcat.autoconfigure."
							+ "actuate.web.server.TomcatReactiveManagementContextAutoConfiguration")
			.properties(properties)
			.run();
	}

	static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	static FastPathListener singleListener(ConfigurableApplicationContext context) {
		List<FastPathListener> listeners = context.getBean(LoopbackFastPath.class).outcomes().listeners();
		assertThat(listeners).hasSize(1);
		return listeners.get(0);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class PingApp {

		@Bean
		RouterFunction<ServerResponse> ping() {
			return RouterFunctions.route().GET("/ping", (request) -> ServerResponse.ok().bodyValue("pong")).build();
		}

	}

}
