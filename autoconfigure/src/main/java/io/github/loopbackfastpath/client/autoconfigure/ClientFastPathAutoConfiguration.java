package io.github.loopbackfastpath.client.autoconfigure;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.autoconfigure.LoopbackFastPathAutoConfiguration;
import io.github.loopbackfastpath.client.FastPathClients;
import io.github.loopbackfastpath.client.FastPathRequestFactories;
import io.github.loopbackfastpath.httpcomponents.FastPathHttpComponentsClients;
import io.github.loopbackfastpath.netty.FastPathReactorClients;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Puts the connections of the auto-configured {@code WebClient.Builder},
 * {@code RestClient.Builder} and {@code RestTemplateBuilder} to loopback destinations on the
 * fast path: Reactor Netty clients through their event loops, Apache HttpClient 5 (what Spring
 * Boot detects first for RestClient and RestTemplate) through a replaced connection manager
 * (see {@link FastPathHttpComponentsClients} for what that keeps and what it loses). Builders
 * and clients the application defines itself are left alone.
 */
@AutoConfiguration(after = LoopbackFastPathAutoConfiguration.class)
@ConditionalOnClass(ClientHttpRequestFactoryBuilder.class)
@ConditionalOnBean(LoopbackFastPath.class)
public final class ClientFastPathAutoConfiguration {

	/** Component name of the auto-configured WebClient.Builder's connections. */
	public static final String WEBCLIENT = "webclient";

	/** Component name of the auto-configured RestClient.Builder's connections. */
	public static final String RESTCLIENT = "restclient";

	/** Component name of the auto-configured RestTemplateBuilder's connections. */
	public static final String RESTTEMPLATE = "resttemplate";

	private static final String REACTIVE_HTTP_CLIENT_CONFIGURATION = "org.springframework.boot.http.client."
			+ "autoconfigure.reactive.ReactiveHttpClientAutoConfiguration";

	@Bean
	@ConditionalOnMissingBean
	FastPathRequestFactories fastPathRequestFactories(LoopbackFastPath fastPath,
			ObjectProvider<FastPathReactorClients> reactorClients,
			ObjectProvider<FastPathHttpComponentsClients> httpComponentsClients) {
		return new FastPathRequestFactories(fastPath, reactorClients.getIfAvailable(),
				httpComponentsClients.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HttpClient.class)
	static class ReactorNettyClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FastPathReactorClients fastPathReactorClients(LoopbackFastPath fastPath) {
			return new FastPathReactorClients(fastPath);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.apache.hc.client5.http.impl.classic.HttpClients")
	static class HttpComponentsClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FastPathHttpComponentsClients fastPathHttpComponentsClients(LoopbackFastPath fastPath) {
			return new FastPathHttpComponentsClients(fastPath);
		}

	}

	@Bean
	@ConditionalOnMissingBean
	FastPathClients fastPathClients(FastPathRequestFactories factories,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<HttpClientSettings> settings) {
		return new FastPathClients(factories,
				() -> requestFactoryBuilder.getIfAvailable(ClientHttpRequestFactoryBuilder::detect),
				() -> connectorBuilder.getIfAvailable(ClientHttpConnectorBuilder::detect),
				() -> settings.getIfAvailable(HttpClientSettings::defaults), WEBCLIENT);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClient.class, WebClientCustomizer.class, ClientHttpConnectorBuilder.class })
	static class WebClientConfiguration {

		/**
		 * Runs after Spring Boot's own connector customizer (order 0) and gives the builder a
		 * fast-path connector built from the same connector builder, which already carries
		 * the {@code ReactorResourceFactory}. A {@code ClientHttpConnector} bean the
		 * application defines itself is left in place.
		 */
		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		WebClientCustomizer webClientFastPathCustomizer(FastPathClients clients,
				ConfigurableListableBeanFactory beanFactory) {
			boolean ownConnector = AutoConfiguredBeans.hasOtherThan(beanFactory, ClientHttpConnector.class,
					REACTIVE_HTTP_CLIENT_CONFIGURATION);
			return (builder) -> {
				if (!ownConnector) {
					builder.clientConnector(clients.webClientConnector());
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestClient.class, RestClientCustomizer.class })
	static class RestClientConfiguration {

		@Bean
		RestClientCustomizer restClientFastPathCustomizer(FastPathClients clients) {
			// Spring Boot's configurer has just set a request factory built from the same
			// builder and settings; the customizer replaces it with the fast-path one before
			// application code sees the builder, so a request factory the application sets
			// afterwards (clients.requestFactoryWithoutFastPath(), for one) still wins.
			return (restClientBuilder) -> restClientBuilder.requestFactory(clients.requestFactory(RESTCLIENT));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestTemplate.class, RestTemplateBuilder.class })
	static class RestTemplateConfiguration {

		@Bean
		static RestTemplateBuilderFastPathPostProcessor restTemplateBuilderFastPathPostProcessor(
				ObjectProvider<FastPathClients> clients) {
			return new RestTemplateBuilderFastPathPostProcessor(clients);
		}

	}

	/**
	 * Gives Spring Boot's {@link RestTemplateBuilder} bean a fast-path request factory
	 * builder. The builder is immutable, so this is the one place to change it for every
	 * {@code RestTemplate} it builds while leaving {@code requestFactory(...)} calls of the
	 * application in charge. A builder bean the application defines itself is not touched.
	 */
	static final class RestTemplateBuilderFastPathPostProcessor implements BeanPostProcessor, BeanFactoryAware {

		private static final String BOOT_CONFIGURATION = "org.springframework.boot.restclient.autoconfigure."
				+ "RestTemplateAutoConfiguration";

		private final ObjectProvider<FastPathClients> clients;

		private @Nullable ConfigurableListableBeanFactory beanFactory;

		RestTemplateBuilderFastPathPostProcessor(ObjectProvider<FastPathClients> clients) {
			this.clients = clients;
		}

		@Override
		public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
			this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
			ConfigurableListableBeanFactory beanFactory = this.beanFactory;
			if (!(bean instanceof RestTemplateBuilder restTemplateBuilder) || beanFactory == null
					|| !AutoConfiguredBeans.isDefinedBy(beanFactory, beanName, BOOT_CONFIGURATION)) {
				return bean;
			}
			FastPathClients clients = this.clients.getIfAvailable();
			return (clients != null) ? restTemplateBuilder.requestFactoryBuilder(clients.requestFactoryBuilder(RESTTEMPLATE))
					: bean;
		}

	}

}
