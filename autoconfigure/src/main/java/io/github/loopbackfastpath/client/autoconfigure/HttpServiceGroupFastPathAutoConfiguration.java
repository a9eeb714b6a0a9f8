package io.github.loopbackfastpath.client.autoconfigure;

import io.github.loopbackfastpath.autoconfigure.ConditionalOnStarterEnabled;
import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.client.FastPathRequestFactories;
import io.github.loopbackfastpath.unix.UnixSocketClients;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.HttpClientSettingsPropertyMapper;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;
import org.springframework.web.service.registry.HttpServiceProxyRegistry;

/**
 * Puts the connections of HTTP service clients ({@code @ImportHttpServices} groups) to
 * loopback destinations on the fast path, each group under its own component
 * {@code http-service.<group>}. Every group keeps what Spring Boot and the application
 * give it: the request factory or connector is built by the same builder, from the same
 * per-group settings ({@code spring.http.serviceclient.<group>.*}), right after Spring
 * Boot's own group configurer; base URL, headers and the application's group configurers
 * are not touched. The Unix-socket routes ({@code loopback.fastpath.unix.routes}) apply
 * to the groups as they do to the auto-configured builders.
 */
@AutoConfiguration(after = ClientFastPathAutoConfiguration.class,
		afterName = { "org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration",
				"org.springframework.boot.webclient.autoconfigure.service.ReactiveHttpServiceClientAutoConfiguration" })
@ConditionalOnClass({ HttpServiceProxyRegistry.class, HttpServiceClientProperties.class })
@ConditionalOnStarterEnabled
@ConditionalOnBean({ FastPathRequestFactories.class, HttpServiceProxyRegistry.class,
		HttpServiceClientProperties.class })
public final class HttpServiceGroupFastPathAutoConfiguration {

	/** What a group's name is prefixed with to make its component name. */
	public static final String COMPONENT_PREFIX = "http-service.";

	/**
	 * Groups whose client type is {@code RestClient}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientHttpServiceGroupConfigurer.class)
	static class RestClientGroupsConfiguration {

		@Bean
		RestClientGroupsFastPath restClientGroupsFastPath(FastPathRequestFactories factories,
				HttpServiceClientProperties properties, ResourceLoader resourceLoader,
				ObjectProvider<SslBundles> sslBundles,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
				ObjectProvider<HttpClientSettings> settings, ObjectProvider<UnixSocketClients> unixSockets) {
			// The same builder and settings mapping as Spring Boot's own
			// group configurer.
			return new RestClientGroupsFastPath(factories, properties,
					new HttpClientSettingsPropertyMapper(sslBundles.getIfAvailable(), settings.getIfAvailable()),
					requestFactoryBuilder
						.getIfAvailable(() -> ClientHttpRequestFactoryBuilder.detect(resourceLoader.getClassLoader())),
					unixSockets.getIfAvailable());
		}

	}

	/**
	 * Groups whose client type is {@code WebClient}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClientHttpServiceGroupConfigurer.class, ClientHttpConnectorBuilder.class,
			WebClientCustomizer.class, WebClientAutoConfiguration.class })
	static class WebClientGroupsConfiguration {

		@Bean
		static WebClientGroupConnectors webClientGroupConnectors() {
			return new WebClientGroupConnectors();
		}

		@Bean
		WebClientGroupsFastPath webClientGroupsFastPath(FastPathRequestFactories factories,
				HttpServiceClientProperties properties, ResourceLoader resourceLoader,
				ObjectProvider<SslBundles> sslBundles, ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
				ObjectProvider<HttpClientSettings> settings, WebClientGroupConnectors connectors,
				LoopbackFastPath fastPath, ConfigurableListableBeanFactory beanFactory,
				ObjectProvider<UnixSocketClients> unixSockets) {
			return new WebClientGroupsFastPath(factories, properties,
					new HttpClientSettingsPropertyMapper(sslBundles.getIfAvailable(), settings.getIfAvailable()),
					connectorBuilder
						.getIfAvailable(() -> ClientHttpConnectorBuilder.detect(resourceLoader.getClassLoader())),
					connectors, fastPath, () -> AutoConfiguredBeans.hasOtherThan(beanFactory, ClientHttpConnector.class,
							ReactiveHttpClientAutoConfiguration.class),
					unixSockets.getIfAvailable());
		}

	}

}
