package io.github.loopbackfastpath.client.autoconfigure;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.autoconfigure.LoopbackFastPathAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each condition of {@link HttpServiceGroupFastPathAutoConfiguration} on its own, with
 * WebFlux or the HTTP service registry hidden.
 */
class HttpServiceGroupFastPathAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class, HttpClientAutoConfiguration.class,
						ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
						HttpServiceClientPropertiesAutoConfiguration.class, HttpServiceClientAutoConfiguration.class,
						ClientFastPathAutoConfiguration.class, HttpServiceGroupFastPathAutoConfiguration.class))
		.withPropertyValues("loopback.fastpath.enabled=true",
				"spring.http.serviceclient.sidecar.base-url=http://127.0.0.1:3500");

	@Test
	void eachGroupBecomesItsOwnComponent() {
		this.runner.withUserConfiguration(Groups.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(RestClientGroupsFastPath.class)
				.hasSingleBean(WebClientGroupsFastPath.class)
				.hasSingleBean(WebClientGroupConnectors.class);
			context.getBean(SidecarApi.class);
			assertThat(context.getBean(LoopbackFastPath.class).outcomes().components())
				.containsKey("http-service.sidecar");
		});
	}

	@Test
	void doesNothingWithoutGroups() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(RestClientGroupsFastPath.class)
			.doesNotHaveBean(WebClientGroupsFastPath.class));
	}

	@Test
	void doesNothingUnlessEnabled() {
		this.runner.withPropertyValues("loopback.fastpath.enabled=false")
			.withUserConfiguration(Groups.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(SidecarApi.class)
				.doesNotHaveBean(RestClientGroupsFastPath.class));
	}

	@Test
	void restClientGroupsWithoutWebFlux() {
		this.runner.withUserConfiguration(Groups.class)
			.withClassLoader(
					new FilteredClassLoader("org.springframework.web.reactive.", "org.springframework.boot.webclient."))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(RestClientGroupsFastPath.class)
				.doesNotHaveBean(WebClientGroupsFastPath.class)
				.doesNotHaveBean(WebClientGroupConnectors.class));
	}

	@Test
	void startsWithoutTheHttpServiceRegistry() {
		this.runner
			.withClassLoader(new FilteredClassLoader("org.springframework.web.service.registry.",
					"org.springframework.boot.http.client.autoconfigure.service."))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(LoopbackFastPath.class)
				.doesNotHaveBean(RestClientGroupsFastPath.class)
				.doesNotHaveBean(WebClientGroupsFastPath.class));
	}

	interface SidecarApi {

		@GetExchange("/")
		String get();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "sidecar", types = SidecarApi.class)
	static class Groups {

	}

}
