package io.github.loopbackfastpath.autoconfigure;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.actuate.LoopbackEndpoint;
import io.github.loopbackfastpath.actuate.autoconfigure.LoopbackEndpointAutoConfiguration;
import io.github.loopbackfastpath.actuate.autoconfigure.LoopbackMetricsAutoConfiguration;
import io.github.loopbackfastpath.actuate.metrics.LoopbackFastPathMetrics;
import io.github.loopbackfastpath.client.FastPathClientLibrary;
import io.github.loopbackfastpath.client.FastPathClients;
import io.github.loopbackfastpath.client.FastPathRequestFactories;
import io.github.loopbackfastpath.client.HttpComponentsClientLibrary;
import io.github.loopbackfastpath.client.ReactorNettyClientLibrary;
import io.github.loopbackfastpath.client.autoconfigure.ClientFastPathAutoConfiguration;
import io.github.loopbackfastpath.httpcomponents.FastPathHttpComponentsClients;
import io.github.loopbackfastpath.netty.FastPathNettyChannels;
import io.github.loopbackfastpath.netty.FastPathReactorClients;
import io.github.loopbackfastpath.netty.autoconfigure.NettyServerFastPathAutoConfiguration;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.tomcat.autoconfigure.TomcatFastPathAutoConfiguration;
import io.github.loopbackfastpath.tomcat.autoconfigure.TomcatFastPathCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.apache.catalina.startup.Tomcat;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every optional library is absent for some application: with each one hidden, the
 * application context starts, the integrations that need it are not configured, and the
 * status says what is (not) covered. The conditions are checked here the way Spring Boot
 * checks its own; {@code AbsentLibraryApplicationTests} and the classpath matrix start
 * real applications without the libraries.
 */
class OptionalDependencyTests {

	private static final String WEBCLIENT_POST_PROCESSOR = "webClientBuilderFastPathPostProcessor";

	private static final String RESTCLIENT_POST_PROCESSOR = "restClientBuilderFastPathPostProcessor";

	private static final String RESTTEMPLATE_POST_PROCESSOR = "restTemplateBuilderFastPathPostProcessor";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class,
				TomcatFastPathAutoConfiguration.class, NettyServerFastPathAutoConfiguration.class,
				ClientFastPathAutoConfiguration.class, LoopbackEndpointAutoConfiguration.class,
				LoopbackMetricsAutoConfiguration.class, EndpointAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class, RestTemplateAutoConfiguration.class,
				WebClientAutoConfiguration.class))
		.withPropertyValues("loopback.fastpath.enabled=true", "management.endpoints.web.exposure.include=loopback");

	@Test
	void everythingPresent() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(ReactorNettyClientLibrary.class)
				.hasSingleBean(HttpComponentsClientLibrary.class)
				.hasSingleBean(FastPathNettyChannels.class)
				.hasSingleBean(TomcatFastPathCustomizer.class)
				.hasSingleBean(LoopbackEndpoint.class)
				.hasSingleBean(LoopbackFastPathMetrics.class)
				.hasSingleBean(UnhookedWebServerReport.class)
				.hasBean(WEBCLIENT_POST_PROCESSOR)
				.hasBean(RESTCLIENT_POST_PROCESSOR)
				.hasBean(RESTTEMPLATE_POST_PROCESSOR);
		});
	}

	@Test
	void withoutReactorNetty() {
		this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class)).run(coreStarts((context) -> {
			assertThat(context).doesNotHaveBean(FastPathReactorClients.class)
				.doesNotHaveBean(ReactorNettyClientLibrary.class)
				.hasSingleBean(HttpComponentsClientLibrary.class);
			// RestClient falls to Apache HttpClient, which is still covered.
			context.getBean(RestClient.Builder.class).build();
			assertThat(component(context, ClientFastPathAutoConfiguration.RESTCLIENT).notCovered()).isNull();
		}));
	}

	@Test
	void withoutNetty() {
		this.runner.withClassLoader(new FilteredClassLoader(NioSocketChannel.class, HttpClient.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(FastPathNettyChannels.class)
				.doesNotHaveBean(FastPathReactorClients.class)
				.doesNotHaveBean(NettyServerFastPathAutoConfiguration.class)));
	}

	@Test
	void withoutApacheHttpClient() {
		this.runner.withClassLoader(new FilteredClassLoader(HttpClients.class)).run(coreStarts((context) -> {
			assertThat(context).doesNotHaveBean(FastPathHttpComponentsClients.class)
				.doesNotHaveBean(HttpComponentsClientLibrary.class)
				.hasSingleBean(ReactorNettyClientLibrary.class);
			context.getBean(RestClient.Builder.class).build();
			assertThat(component(context, ClientFastPathAutoConfiguration.RESTCLIENT).notCovered()).isNull();
		}));
	}

	@Test
	void withApacheHttpClientOlderThan54() {
		// HttpClient 5.1-5.3 have HttpClients but not the socket classes the
		// starter hooks.
		this.runner.withClassLoader(new FilteredClassLoader(DetachedSocketFactory.class))
			.withPropertyValues("spring.http.clients.imperative.factory=http-components")
			.run(coreStarts((context) -> {
				assertThat(context).doesNotHaveBean(FastPathHttpComponentsClients.class)
					.doesNotHaveBean(HttpComponentsClientLibrary.class);
				context.getBean(RestClient.Builder.class).build();
				assertThat(component(context, ClientFastPathAutoConfiguration.RESTCLIENT).notCovered())
					.startsWith("HttpComponentsClientHttpRequestFactoryBuilder: ")
					.contains(FastPathRequestFactories.NOT_COVERED);
			}));
	}

	@Test
	void withNeitherReactorNettyNorApacheHttpClient() {
		this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class, HttpClients.class))
			.run(coreStarts((context) -> {
				assertThat(context).doesNotHaveBean(FastPathClientLibrary.class).hasSingleBean(FastPathClients.class);
				context.getBean(RestClient.Builder.class).build();
				assertThat(component(context, ClientFastPathAutoConfiguration.RESTCLIENT).notCovered())
					.contains(FastPathRequestFactories.NOT_COVERED);
			}));
	}

	@Test
	void withoutTomcat() {
		this.runner.withClassLoader(new FilteredClassLoader(Tomcat.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(TomcatFastPathCustomizer.class)));
	}

	@Test
	void withTomcatButWithoutSpringBootTomcat() {
		this.runner.withClassLoader(new FilteredClassLoader(TomcatWebServerFactory.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(TomcatFastPathCustomizer.class)));
	}

	@Test
	void withoutWebFlux() {
		this.runner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(WEBCLIENT_POST_PROCESSOR)
				.hasBean(RESTCLIENT_POST_PROCESSOR)));
	}

	@Test
	void withoutSpringBootRestClient() {
		this.runner.withClassLoader(new FilteredClassLoader(RestTemplateBuilder.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(RESTTEMPLATE_POST_PROCESSOR)
				.hasBean(WEBCLIENT_POST_PROCESSOR)));
	}

	@Test
	void withoutSpringBootHttpClient() {
		this.runner.withClassLoader(new FilteredClassLoader(ClientHttpRequestFactoryBuilder.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(FastPathClients.class)
				.doesNotHaveBean(FastPathRequestFactories.class)
				.doesNotHaveBean(FastPathClientLibrary.class)
				.doesNotHaveBean(RESTCLIENT_POST_PROCESSOR)
				.doesNotHaveBean(WEBCLIENT_POST_PROCESSOR)
				.doesNotHaveBean(RESTTEMPLATE_POST_PROCESSOR)));
	}

	@Test
	void withoutSpringBootWebServer() {
		this.runner.withClassLoader(new FilteredClassLoader(WebServerInitializedEvent.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(UnhookedWebServerReport.class)));
	}

	@Test
	void withoutActuator() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(LoopbackEndpoint.class)));
	}

	@Test
	void withoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(LoopbackFastPathMetrics.class)
				.hasSingleBean(LoopbackEndpoint.class)));
	}

	private static ContextConsumer<AssertableWebApplicationContext> coreStarts(
			ContextConsumer<AssertableWebApplicationContext> then) {
		return (context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(LoopbackFastPath.class);
			then.accept(context);
		};
	}

	private static ComponentStats component(AssertableWebApplicationContext context, String name) {
		ComponentStats stats = context.getBean(LoopbackFastPath.class).outcomes().components().get(name);
		assertThat(stats).as("component %s in the status", name).isNotNull();
		return stats;
	}

}
