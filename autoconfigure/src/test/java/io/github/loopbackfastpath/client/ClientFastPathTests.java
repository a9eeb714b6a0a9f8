package io.github.loopbackfastpath.client;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandInExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.ReactorClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static io.github.loopbackfastpath.client.ClientAssertions.assertOneCallPerConnection;
import static io.github.loopbackfastpath.client.ClientAssertions.stats;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured WebClient, RestClient and RestTemplate against a loopback sidecar
 * stub, on the NIO transport that Windows uses (this class runs in the Surefire execution
 * with {@code -Dreactor.netty.native=false}), with the C stand-in of {@code WSAIoctl}.
 */
@Tag("netty-nio")
@ExtendWith(WsaStandInExtension.class)
class ClientFastPathTests {

	private static final String REACTOR_FACTORY = "spring.http.clients.imperative.factory=reactor";

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1" })
	void webClientMakesOneCallPerNewConnectionBeforeConnect(String host) throws Exception {
		try (SidecarStub sidecar = SidecarStub.start(host); ConfigurableApplicationContext context = start()) {
			WebClient client = context.getBean(WebClient.Builder.class).baseUrl(sidecar.url()).build();
			Function<String, String> get = (path) -> client.get().uri(path).retrieve().bodyToMono(String.class).block();
			assertOneCallPerConnection(context, sidecar, get, "webclient", host,
					context.getBean(PoolReleases.class)::await);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1" })
	void restClientMakesOneCallPerNewConnectionBeforeConnect(String host) throws Exception {
		try (SidecarStub sidecar = SidecarStub.start(host);
				ConfigurableApplicationContext context = start(REACTOR_FACTORY)) {
			RestClient client = context.getBean(RestClient.Builder.class).baseUrl(sidecar.url()).build();
			Function<String, String> get = (path) -> client.get().uri(path).retrieve().body(String.class);
			assertOneCallPerConnection(context, sidecar, get, "restclient", host,
					context.getBean(PoolReleases.class)::await);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1" })
	void restTemplateMakesOneCallPerNewConnectionBeforeConnect(String host) throws Exception {
		try (SidecarStub sidecar = SidecarStub.start(host);
				ConfigurableApplicationContext context = start(REACTOR_FACTORY)) {
			var client = context.getBean(RestTemplateBuilder.class).rootUri(sidecar.url()).build();
			Function<String, String> get = (path) -> client.getForObject(path, String.class);
			assertOneCallPerConnection(context, sidecar, get, "resttemplate", host,
					context.getBean(PoolReleases.class)::await);
		}
	}

	@Test
	void portNotListedIsSkippedWithoutCallAndListedPortIsApplied() throws Exception {
		try (SidecarStub listed = SidecarStub.start("127.0.0.1");
				SidecarStub other = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start("loopback.fastpath.client.ports=" + listed.port())) {
			WebClient client = context.getBean(WebClient.Builder.class).build();
			assertThat(client.get().uri(other.url()).retrieve().bodyToMono(String.class).block()).isEqualTo("pong");
			assertThat(WsaStandIn.calls()).isEmpty();
			assertThat(client.get().uri(listed.url()).retrieve().bodyToMono(String.class).block()).isEqualTo("pong");
			assertThat(WsaStandIn.calls()).hasSize(1);
			ComponentStats stats = stats(context, "webclient");
			assertThat(stats.skips()).containsEntry("port-not-listed", 1L);
			assertThat(stats.destinations().get(other.port()).skipped()).isEqualTo(1);
			assertThat(stats.destinations().get(listed.port()).applied()).isEqualTo(1);
		}
	}

	@Test
	void injectedErrorLeavesEveryRequestSucceeding() throws Exception {
		WsaStandIn.failWith(WsaStandIn.WSAEOPNOTSUPP);
		try (SidecarStub sidecar = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start(REACTOR_FACTORY)) {
			WebClient webClient = context.getBean(WebClient.Builder.class).baseUrl(sidecar.url()).build();
			RestClient restClient = context.getBean(RestClient.Builder.class).baseUrl(sidecar.url()).build();
			var restTemplate = context.getBean(RestTemplateBuilder.class).rootUri(sidecar.url()).build();
			for (int i = 0; i < 3; i++) {
				assertThat(webClient.get().uri("/a").retrieve().bodyToMono(String.class).block()).isEqualTo("pong");
				assertThat(restClient.get().uri("/b").retrieve().body(String.class)).isEqualTo("pong");
				assertThat(restTemplate.getForObject("/c", String.class)).isEqualTo("pong");
			}
			for (String component : List.of("webclient", "restclient", "resttemplate")) {
				ComponentStats stats = stats(context, component);
				assertThat(stats.failed()).as(component).isEqualTo(1);
				assertThat(stats.failures()).as(component).containsEntry("WSAEOPNOTSUPP (10045)", 1L);
			}
			assertThat(sidecar.clientPorts()).hasSize(9);
		}
	}

	@Test
	void httpComponentsRequestFactoryIsCoveredAndJdkIsReportedAsNotCovered() throws Exception {
		try (SidecarStub sidecar = SidecarStub.start("127.0.0.1"); ConfigurableApplicationContext context = start()) {
			// Apache HttpClient is on this class path, so Spring Boot detects it first.
			RestClient client = context.getBean(RestClient.Builder.class).baseUrl(sidecar.url()).build();
			assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("pong");
			ComponentStats stats = stats(context, "restclient");
			assertThat(stats.notCovered()).isNull();
			assertThat(stats.applied()).isEqualTo(1);
			assertThat(WsaStandIn.calls()).hasSize(1);
		}
		WsaStandIn.reset();
		try (SidecarStub sidecar = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start("spring.http.clients.imperative.factory=jdk")) {
			var restTemplate = context.getBean(RestTemplateBuilder.class).rootUri(sidecar.url()).build();
			assertThat(restTemplate.getForObject("/", String.class)).isEqualTo("pong");
			assertThat(stats(context, "resttemplate").notCovered()).contains("Jdk")
				.contains("spring.http.clients.imperative.factory=http-components");
			assertThat(WsaStandIn.calls()).isEmpty();
		}
	}

	@Test
	void perClientOptOutAndComponentNamesUseOneMechanism() throws Exception {
		try (SidecarStub sidecar = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start(REACTOR_FACTORY)) {
			FastPathClients clients = context.getBean(FastPathClients.class);
			WebClient plainWebClient = context.getBean(WebClient.Builder.class)
				.clientConnector(clients.connectorWithoutFastPath())
				.baseUrl(sidecar.url())
				.build();
			RestClient plainRestClient = context.getBean(RestClient.Builder.class)
				.requestFactory(clients.requestFactoryWithoutFastPath())
				.baseUrl(sidecar.url())
				.build();
			assertThat(plainWebClient.get().uri("/").retrieve().bodyToMono(String.class).block()).isEqualTo("pong");
			assertThat(plainRestClient.get().uri("/").retrieve().body(String.class)).isEqualTo("pong");
			assertThat(WsaStandIn.calls()).as("opted out: no call").isEmpty();

			WebClient audit = context.getBean(WebClient.Builder.class)
				.clientConnector(clients.connector("audit-agent"))
				.baseUrl(sidecar.url())
				.build();
			RestClient payments = context.getBean(RestClient.Builder.class)
				.requestFactory(clients.requestFactory("payments-sidecar"))
				.baseUrl(sidecar.url())
				.build();
			var legacy = context.getBean(RestTemplateBuilder.class)
				.requestFactoryBuilder(clients.requestFactoryBuilder("legacy"))
				.rootUri(sidecar.url())
				.build();
			assertThat(audit.get().uri("/").retrieve().bodyToMono(String.class).block()).isEqualTo("pong");
			assertThat(payments.get().uri("/").retrieve().body(String.class)).isEqualTo("pong");
			assertThat(legacy.getForObject("/", String.class)).isEqualTo("pong");
			assertThat(WsaStandIn.calls()).hasSize(3).allSatisfy((call) -> assertThat(call.violation()).isEmpty());
			for (String component : List.of("audit-agent", "payments-sidecar", "legacy")) {
				assertThat(stats(context, component).applied()).as(component).isEqualTo(1);
			}
			assertThat(stats(context, "restclient").applied()).isZero();
		}
	}

	@Test
	void aClientHttpConnectorBeanOfTheApplicationIsNotReplaced() throws Exception {
		try (SidecarStub sidecar = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = new SpringApplicationBuilder(ClientApp.class,
						OwnConnector.class)
					.web(WebApplicationType.NONE)
					.properties("loopback.fastpath.enabled=true", "spring.reactor.netty.shutdown-quiet-period=0s")
					.run()) {
			WebClient client = context.getBean(WebClient.Builder.class).baseUrl(sidecar.url()).build();
			assertThat(client.get().uri("/").retrieve().bodyToMono(String.class).block()).isEqualTo("pong");
			assertThat(WsaStandIn.calls()).isEmpty();
			assertThat(context.getBean(LoopbackFastPath.class).outcomes().components()).doesNotContainKey("webclient");
		}
	}

	@Test
	void theApplicationsCustomizersKeepWorkingOnFastPathClients() throws Exception {
		try (SidecarStub sidecar = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = new SpringApplicationBuilder(ClientApp.class,
						UserCustomizers.class)
					.web(WebApplicationType.NONE)
					.properties("loopback.fastpath.enabled=true", "spring.reactor.netty.shutdown-quiet-period=0s",
							REACTOR_FACTORY)
					.run()) {
			WebClient webClient = context.getBean(WebClient.Builder.class).baseUrl(sidecar.url()).build();
			RestClient restClient = context.getBean(RestClient.Builder.class).baseUrl(sidecar.url()).build();
			assertThat(webClient.get().uri("/").retrieve().bodyToMono(String.class).block()).isEqualTo("pong");
			assertThat(restClient.get().uri("/").retrieve().body(String.class)).isEqualTo("pong");
			assertThat(sidecar.testHeaders()).containsExactly("web-client-customizer", "rest-client-customizer");
			assertThat(context.getBean(UserCustomizers.class).reactorRequests)
				.as("the request factory builder customizer ran")
				.hasValue(1);
			assertThat(stats(context, "webclient").applied()).isEqualTo(1);
			assertThat(stats(context, "restclient").applied()).isEqualTo(1);
		}
	}

	@Test
	void webClientOnAConnectorWithoutAHookIsReportedNotCoveredAndWorks() throws Exception {
		try (SidecarStub sidecar = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start("spring.http.clients.reactive.connector=jdk")) {
			WebClient client = context.getBean(WebClient.Builder.class).baseUrl(sidecar.url()).build();
			assertThat(client.get().uri("/").retrieve().bodyToMono(String.class).block()).isEqualTo("pong");
			assertThat(WsaStandIn.calls()).isEmpty();
			ComponentStats stats = stats(context, "webclient");
			assertThat(stats.notCovered()).startsWith("JdkClientHttpConnectorBuilder: ")
				.contains("spring.http.clients.reactive.connector=reactor");
			assertThat(stats.applied() + stats.failed() + stats.skipped()).isZero();
		}
	}

	@Test
	void clientsAreUntouchedWhenClientSideIsDisabled() throws Exception {
		try (SidecarStub sidecar = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start("loopback.fastpath.client.enabled=false")) {
			WebClient client = context.getBean(WebClient.Builder.class).baseUrl(sidecar.url()).build();
			assertThat(client.get().uri("/").retrieve().bodyToMono(String.class).block()).isEqualTo("pong");
			assertThat(WsaStandIn.calls()).isEmpty();
			assertThat(stats(context, "webclient").skips()).containsEntry("client-disabled", 1L);
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(ClientApp.class).web(WebApplicationType.NONE)
			.properties("loopback.fastpath.enabled=true", "spring.reactor.netty.shutdown-quiet-period=0s")
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(PoolReleases.Observing.class)
	static class ClientApp {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCustomizers {

		@Bean
		WebClientCustomizer webClientHeader() {
			return (builder) -> builder.defaultHeader(SidecarStub.TEST_HEADER, "web-client-customizer");
		}

		@Bean
		RestClientCustomizer restClientHeader() {
			return (builder) -> builder.defaultHeader(SidecarStub.TEST_HEADER, "rest-client-customizer");
		}

		final AtomicInteger reactorRequests = new AtomicInteger();

		@Bean
		ClientHttpRequestFactoryBuilderCustomizer<ReactorClientHttpRequestFactoryBuilder> reactorRequestCounter() {
			return (builder) -> builder.withHttpClientCustomizer(
					(client) -> client.doOnRequest((request, connection) -> this.reactorRequests.incrementAndGet()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnConnector {

		@Bean
		ClientHttpConnector myConnector() {
			return new ReactorClientHttpConnector();
		}

	}

}
