package io.github.loopbackfastpath.tomcat;

import java.util.List;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.actuate.LoopbackEndpoint;
import io.github.loopbackfastpath.actuate.LoopbackEndpoint.ListenerDescriptor;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.outcome.FastPathOutcome;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.platform.FallbackCounterSource;
import io.github.loopbackfastpath.test.FailureAnalyses;
import io.github.loopbackfastpath.test.LoopbackHttp;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandInExtension;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Embedded Tomcat for Spring MVC and for WebFlux, with the C stand-in of
 * {@code WSAIoctl}.
 * <p>
 * The stand-in proves the call was made before the socket listened: the listening socket
 * had not even been bound yet ({@code localPort == 0}), because the starter's endpoint
 * makes the call between {@code open} and {@code bind}, and Tomcat's {@code bind} is
 * where the JDK calls {@code listen}. So no connection can have been accepted before it.
 */
@ExtendWith(WsaStandInExtension.class)
class TomcatFastPathTests {

	private static final String EXCLUDE_NETTY = "spring.autoconfigure.exclude=org.springframework.boot.reactor.netty."
			+ "autoconfigure.NettyReactiveWebServerAutoConfiguration";

	@Test
	void mvcListenerGetsOneCallBeforeItListensAndServesIpv4AndIpv6() throws Exception {
		try (ConfigurableApplicationContext context = start(MvcApp.class, WebApplicationType.SERVLET)) {
			int port = port(context);
			assertThat(LoopbackHttp.get("127.0.0.1", port, "/ping")).isEqualTo("pong");
			assertThat(LoopbackHttp.get("[::1]", port, "/ping")).isEqualTo("pong");
			assertOneCallOnTheSocketListeningOn(port);
			FastPathListener listener = singleListener(context);
			assertThat(listener.component()).isEqualTo("tomcat");
			assertThat(listener.outcome()).isEqualTo(FastPathOutcome.applied());
			assertThat(listener.address()).endsWith(":" + port);
			assertThat(listener.acceptedConnections()).isGreaterThanOrEqualTo(2);
		}
	}

	@Test
	void webFluxOnTomcatListenerGetsTheFastPath() throws Exception {
		try (ConfigurableApplicationContext context = start(FluxApp.class, WebApplicationType.REACTIVE,
				EXCLUDE_NETTY)) {
			int port = port(context);
			assertThat(LoopbackHttp.get("127.0.0.1", port, "/ping")).isEqualTo("pong");
			assertOneCallOnTheSocketListeningOn(port);
			assertThat(singleListener(context).outcome()).isEqualTo(FastPathOutcome.applied());
		}
	}

	@Test
	void injectedErrorIsRecordedAndRequestsStillSucceed() throws Exception {
		WsaStandIn.failWith(WsaStandIn.WSAEOPNOTSUPP);
		try (ConfigurableApplicationContext context = start(MvcApp.class, WebApplicationType.SERVLET)) {
			assertThat(LoopbackHttp.get("127.0.0.1", port(context), "/ping")).isEqualTo("pong");
			assertThat(singleListener(context).outcome()).isEqualTo(FastPathOutcome.failed("WSAEOPNOTSUPP (10045)"));
			assertThat(WsaStandIn.calls()).hasSize(1);
		}
	}

	@Test
	void disabledStarterLeavesTomcatAlone() throws Exception {
		try (ConfigurableApplicationContext context = start(MvcApp.class, WebApplicationType.SERVLET,
				"loopback.fastpath.enabled=false")) {
			assertThat(LoopbackHttp.get("127.0.0.1", port(context), "/ping")).isEqualTo("pong");
			assertThat(protocolOf(context)).isExactlyInstanceOf(Http11NioProtocol.class);
			assertThat(WsaStandIn.calls()).isEmpty();
		}
	}

	@Test
	void failureModeFailRefusesToStartWithAnExplanation() {
		WsaStandIn.failWith(WsaStandIn.WSAEOPNOTSUPP);
		assertThatException()
			.isThrownBy(() -> start(MvcApp.class, WebApplicationType.SERVLET, "loopback.fastpath.on-failure=fail"))
			.satisfies((ex) -> {
				String description = FailureAnalyses.analyze(ex).getDescription();
				assertThat(description).contains("tomcat listener on").contains("WSAEOPNOTSUPP (10045)");
			});
	}

	@Test
	void listenersLeaveTheReportWhenTheContextCloses() throws Exception {
		FastPathOutcomes outcomes;
		try (ConfigurableApplicationContext context = start(MvcApp.class, WebApplicationType.SERVLET,
				"management.server.port=0", "management.endpoints.web.exposure.include=health")) {
			outcomes = context.getBean(LoopbackFastPath.class).outcomes();
			assertThat(outcomes.listeners()).hasSize(2);
		}
		assertThat(outcomes.listeners()).isEmpty();
		assertThat(outcomes.components().get("tomcat").applied()).as("the record of what happened stays").isEqualTo(2);
	}

	@Test
	void managementServerOnItsOwnPortGetsTheFastPathToo() throws Exception {
		try (ConfigurableApplicationContext context = start(MvcApp.class, WebApplicationType.SERVLET,
				"management.server.port=0", "management.endpoints.web.exposure.include=health")) {
			int port = port(context);
			List<FastPathListener> listeners = context.getBean(LoopbackFastPath.class).outcomes().listeners();
			assertThat(listeners).hasSize(2).allSatisfy((listener) -> {
				assertThat(listener.component()).isEqualTo("tomcat");
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
				assertThat(call.localPort()).isZero();
			});
			assertThat(calls.stream().map((call) -> WsaStandIn.boundPortNow(call.handle())))
				.containsExactlyInAnyOrder(port, managementPort);
		}
	}

	@Test
	void additionalConnectorsAreHookedOrReportedAsUnhooked() throws Exception {
		try (ConfigurableApplicationContext context = start(MvcApp.class, WebApplicationType.SERVLET,
				"test.additional-connectors=true")) {
			List<FastPathListener> listeners = context.getBean(LoopbackFastPath.class).outcomes().listeners();
			assertThat(listeners).hasSize(3);
			assertThat(listeners.stream().filter((listener) -> listener.outcome().equals(FastPathOutcome.applied())))
				.hasSize(2);
			FastPathListener unhooked = listeners.stream()
				.filter((listener) -> "unhooked".equals(listener.outcome().reason()))
				.findFirst()
				.orElseThrow();
			assertThat(unhooked.note()).contains(Http11NioProtocol.class.getName())
				.contains(FastPathHttp11NioProtocol.class.getName());
			assertThat(WsaStandIn.calls()).hasSize(2);
			for (FastPathListener listener : listeners) {
				int listenerPort = Integer
					.parseInt(listener.address().substring(listener.address().lastIndexOf(':') + 1));
				assertThat(listenerPort).isPositive();
				assertThat(LoopbackHttp.get("127.0.0.1", listenerPort, "/ping")).isEqualTo("pong");
			}
			// The unhooked connector served a request too, but the starter does not see
			// its accepts:
			// the status shows no count for it rather than a false 0.
			assertThat(unhooked.countsAcceptedConnections()).isFalse();
			List<ListenerDescriptor> reported = new LoopbackEndpoint(context.getBean(LoopbackFastPath.class),
					FallbackCounterSource.NONE)
				.loopback()
				.listeners();
			assertThat(reported).hasSize(3)
				.filteredOn((listener) -> "unhooked".equals(listener.reason()))
				.singleElement()
				.satisfies((listener) -> assertThat(listener.acceptedConnections()).isNull());
			assertThat(reported).filteredOn((listener) -> "applied".equals(listener.outcome()))
				.hasSize(2)
				.allSatisfy((listener) -> assertThat(listener.acceptedConnections()).isPositive());
		}
	}

	@Test
	void aMainConnectorProtocolTheStarterDoesNotKnowIsReportedAndStillServes() throws Exception {
		try (ConfigurableApplicationContext context = start(MvcApp.class, WebApplicationType.SERVLET,
				"test.nio2-protocol=true")) {
			int port = port(context);
			assertThat(LoopbackHttp.get("127.0.0.1", port, "/ping")).isEqualTo("pong");
			FastPathListener listener = singleListener(context);
			assertThat(listener.outcome().reason()).isEqualTo("unhooked");
			assertThat(listener.note()).contains("Http11Nio2Protocol");
			assertThat(listener.address()).endsWith(":" + port);
			assertThat(WsaStandIn.calls()).isEmpty();
		}
	}

	private static void assertOneCallOnTheSocketListeningOn(int port) {
		assertThat(WsaStandIn.calls()).singleElement().satisfies((call) -> {
			assertThat(call.violation()).isEmpty();
			assertThat(call.listening()).isFalse();
			assertThat(call.localPort()).as("not yet bound").isZero();
			assertThat(WsaStandIn.listeningNow(call.handle())).isTrue();
			assertThat(WsaStandIn.boundPortNow(call.handle())).as("the socket that serves").isEqualTo(port);
		});
	}

	private static ConfigurableApplicationContext start(Class<?> app, WebApplicationType type, String... properties) {
		return new SpringApplicationBuilder(app).web(type)
			.properties("server.port=0", "loopback.fastpath.enabled=true")
			.properties(properties)
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static Object protocolOf(ConfigurableApplicationContext context) {
		TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) context).getWebServer();
		return server.getTomcat().getConnector().getProtocolHandler();
	}

	private static FastPathListener singleListener(ConfigurableApplicationContext context) {
		List<FastPathListener> listeners = context.getBean(LoopbackFastPath.class).outcomes().listeners();
		assertThat(listeners).hasSize(1);
		return listeners.get(0);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@RestController
	static class MvcApp {

		@GetMapping("/ping")
		String ping() {
			return "pong";
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnBooleanProperty("test.nio2-protocol")
		static class Nio2Protocol {

			@Bean
			WebServerFactoryCustomizer<TomcatServletWebServerFactory> nio2Protocol() {
				return (factory) -> factory.setProtocol("org.apache.coyote.http11.Http11Nio2Protocol");
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnBooleanProperty("test.additional-connectors")
		static class AdditionalConnectors {

			@Bean
			WebServerFactoryCustomizer<TomcatServletWebServerFactory> additionalConnectors() {
				return (factory) -> {
					Connector hooked = new Connector(FastPathHttp11NioProtocol.class.getName());
					hooked.setPort(0);
					Connector plain = new Connector(Http11NioProtocol.class.getName());
					plain.setPort(0);
					factory.addAdditionalConnectors(hooked, plain);
				};
			}

		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class FluxApp {

		@Bean
		RouterFunction<ServerResponse> ping() {
			return RouterFunctions.route().GET("/ping", (request) -> ServerResponse.ok().bodyValue("pong")).build();
		}

	}

}
