package io.github.loopbackfastpath.client;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandInExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.HttpServiceGroup;
import org.springframework.web.service.registry.ImportHttpServices;

import static io.github.loopbackfastpath.client.ClientAssertions.assertOneCallPerConnection;
import static io.github.loopbackfastpath.client.ClientAssertions.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * HTTP service groups ({@code @ImportHttpServices}) against a loopback sidecar stub, on
 * the NIO transport that Windows uses (this class runs in the Surefire execution with
 * {@code -Dreactor.netty.native=false}), with the C stand-in of {@code WSAIoctl}: each
 * group's connections are offered the fast path under {@code http-service.<group>}, and
 * the group's base URL and default headers, and the application's group configurers,
 * still apply.
 */
@Tag("netty-nio")
@ExtendWith(WsaStandInExtension.class)
class HttpServiceGroupFastPathTests {

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1" })
	void restClientGroupOnApacheHttpClient(String host) throws Exception {
		try (SidecarStub sidecar = SidecarStub.start(host);
				ConfigurableApplicationContext context = start("sidecar", sidecar)) {
			SidecarApi api = context.getBean(SidecarApi.class);
			assertOneCallPerConnection(context, sidecar, (path) -> api.get(), "http-service.sidecar", host);
			assertGroupSettingsApplied(sidecar, "sidecar");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1" })
	void restClientGroupOnReactorNetty(String host) throws Exception {
		try (SidecarStub sidecar = SidecarStub.start(host);
				ConfigurableApplicationContext context = start("sidecar", sidecar,
						"spring.http.clients.imperative.factory=reactor")) {
			SidecarApi api = context.getBean(SidecarApi.class);
			assertOneCallPerConnection(context, sidecar, (path) -> api.get(), "http-service.sidecar", host,
					context.getBean(PoolReleases.class)::await);
			assertGroupSettingsApplied(sidecar, "sidecar");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1" })
	void webClientGroupOnReactorNetty(String host) throws Exception {
		try (SidecarStub sidecar = SidecarStub.start(host);
				ConfigurableApplicationContext context = start("agent", sidecar)) {
			AgentApi api = context.getBean(AgentApi.class);
			// Reactor Netty hands the connection back to its pool on the event loop,
			// after the
			// caller has the response: wait for that before the second request.
			assertOneCallPerConnection(context, sidecar, (path) -> api.get(), "http-service.agent", host,
					context.getBean(PoolReleases.class)::await);
			assertGroupSettingsApplied(sidecar, "agent");
		}
	}

	@Test
	void eachGroupIsItsOwnComponentAndNoOtherClientIsCounted() throws Exception {
		try (SidecarStub first = SidecarStub.start("127.0.0.1");
				SidecarStub second = SidecarStub.start("::1");
				ConfigurableApplicationContext context = new SpringApplicationBuilder(ServiceApp.class)
					.web(WebApplicationType.NONE)
					.properties("loopback.fastpath.enabled=true",
							"spring.http.serviceclient.sidecar.base-url=" + first.url(),
							"spring.http.serviceclient.agent.base-url=" + second.url())
					.run()) {
			assertThat(context.getBean(SidecarApi.class).get()).isEqualTo("pong");
			assertThat(context.getBean(AgentApi.class).get()).isEqualTo("pong");
			assertThat(WsaStandIn.calls()).hasSize(2).allSatisfy((call) -> assertThat(call.violation()).isEmpty());
			assertThat(stats(context, "http-service.sidecar").destinations()).containsOnlyKeys(first.port());
			assertThat(stats(context, "http-service.agent").destinations()).containsOnlyKeys(second.port());
			Map<String, ComponentStats> components = context.getBean(LoopbackFastPath.class).outcomes().components();
			assertThat(components).allSatisfy((name, stats) -> assertThat(stats.applied()).as(name)
				.isEqualTo(name.startsWith("http-service.") ? 1 : 0));
		}
	}

	@Test
	void jdkClientGroupIsReportedAsNotCoveredAndStillWorks() throws Exception {
		try (SidecarStub sidecar = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start("sidecar", sidecar,
						"spring.http.clients.imperative.factory=jdk")) {
			assertThat(context.getBean(SidecarApi.class).get()).isEqualTo("pong");
			assertThat(stats(context, "http-service.sidecar").notCovered()).contains("Jdk");
			assertThat(WsaStandIn.calls()).isEmpty();
			assertGroupSettingsApplied(sidecar, "sidecar");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sidecar:http-components", "sidecar:reactor", "agent:reactor" })
	void groupReadTimeoutStillAppliesOnFastPathConnections(String groupAndFactory) throws Exception {
		String group = groupAndFactory.substring(0, groupAndFactory.indexOf(':'));
		String factory = groupAndFactory.substring(group.length() + 1);
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				ConfigurableApplicationContext context = new SpringApplicationBuilder(ServiceApp.class)
					.web(WebApplicationType.NONE)
					.properties("loopback.fastpath.enabled=true", "spring.http.clients.imperative.factory=" + factory,
							"spring.http.serviceclient." + group + ".base-url=http://127.0.0.1:"
									+ silent.getLocalPort(),
							"spring.http.serviceclient." + group + ".read-timeout=300ms")
					.run()) {
			Callable<String> call = group.equals("agent") ? context.getBean(AgentApi.class)::get
					: context.getBean(SidecarApi.class)::get;
			// The listener accepts (the kernel completes the handshake) and never
			// answers: only
			// the group's read timeout ends the call.
			assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatException().isThrownBy(call::call));
			try (Socket ignored = silent.accept()) {
				// the connection the client made
			}
			assertThat(WsaStandIn.calls()).singleElement()
				.satisfies((standInCall) -> assertThat(standInCall.violation()).isEmpty());
			assertThat(stats(context, "http-service." + group).applied()).isEqualTo(1);
		}
	}

	@Test
	void applicationConnectorBeanStaysOnWebClientGroups() throws Exception {
		try (SidecarStub sidecar = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = new SpringApplicationBuilder(ServiceApp.class,
						ApplicationConnector.class)
					.web(WebApplicationType.NONE)
					.properties("loopback.fastpath.enabled=true",
							"spring.http.serviceclient.agent.base-url=" + sidecar.url())
					.run()) {
			assertThat(context.getBean(AgentApi.class).get()).isEqualTo("pong");
			assertThat(context.getBean(ApplicationConnector.class).used).as("the application's connector").isTrue();
			assertThat(WsaStandIn.calls()).isEmpty();
			assertThat(stats(context, "http-service.agent").notCovered()).contains("ClientHttpConnector bean");
		}
	}

	private static ConfigurableApplicationContext start(String group, SidecarStub sidecar, String... properties) {
		return new SpringApplicationBuilder(ServiceApp.class).web(WebApplicationType.NONE)
			.properties("loopback.fastpath.enabled=true",
					"spring.http.serviceclient." + group + ".base-url=" + sidecar.url(),
					"spring.http.serviceclient." + group + ".default-header." + SidecarStub.TEST_HEADER + "=property-"
							+ group)
			.properties(properties)
			.run();
	}

	/**
	 * The base URL took every request to the stub; every request carried the group's
	 * default header from its properties and the one the application's group configurer
	 * added.
	 */
	private static void assertGroupSettingsApplied(SidecarStub sidecar, String group) {
		int requests = sidecar.clientPorts().size();
		assertThat(requests).isPositive();
		List<String> values = sidecar.testHeaders()
			.stream()
			.flatMap((value) -> Arrays.stream(value.split(",\\s*")))
			.toList();
		assertThat(values).hasSize(2 * requests)
			.containsOnly("property-" + group, "configurer-" + group)
			.filteredOn(("configurer-" + group)::equals)
			.hasSize(requests);
	}

	interface SidecarApi {

		@GetExchange("/")
		String get();

	}

	interface AgentApi {

		@GetExchange("/")
		String get();

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationConnector {

		volatile boolean used;

		@Bean
		ClientHttpConnector applicationClientHttpConnector() {
			ClientHttpConnector connector = new ReactorClientHttpConnector();
			return (method, uri, callback) -> {
				this.used = true;
				return connector.connect(method, uri, callback);
			};
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ImportHttpServices(group = "sidecar", types = SidecarApi.class)
	@ImportHttpServices(group = "agent", types = AgentApi.class, clientType = HttpServiceGroup.ClientType.WEB_CLIENT)
	@Import(PoolReleases.Observing.class)
	static class ServiceApp {

		@Bean
		RestClientHttpServiceGroupConfigurer applicationRestClientGroups() {
			return (groups) -> groups.forEachClient((group, builder) -> builder
				.defaultHeaders((headers) -> headers.add(SidecarStub.TEST_HEADER, "configurer-" + group.name())));
		}

		@Bean
		WebClientHttpServiceGroupConfigurer applicationWebClientGroups() {
			return (groups) -> groups.forEachClient((group, builder) -> builder
				.defaultHeaders((headers) -> headers.add(SidecarStub.TEST_HEADER, "configurer-" + group.name())));
		}

	}

}
