package io.github.loopbackfastpath.client.autoconfigure;

import io.github.loopbackfastpath.autoconfigure.ConditionalOnStarterEnabled;
import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.autoconfigure.LoopbackFastPathAutoConfiguration;
import io.github.loopbackfastpath.client.FastPathClients;
import io.github.loopbackfastpath.client.FastPathClientLibrary;
import io.github.loopbackfastpath.client.FastPathRequestFactories;
import io.github.loopbackfastpath.client.HttpComponentsClientLibrary;
import io.github.loopbackfastpath.client.ReactorNettyClientLibrary;
import io.github.loopbackfastpath.httpcomponents.FastPathHttpComponentsClients;
import io.github.loopbackfastpath.netty.FastPathReactorClients;
import io.github.loopbackfastpath.unix.UnixSocketClients;
import io.netty.channel.socket.nio.NioSocketChannel;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Puts the connections of the auto-configured {@code WebClient.Builder},
 * {@code RestClient.Builder} and {@code RestTemplateBuilder} to loopback destinations on
 * the fast path: Reactor Netty clients through their event loops, Apache HttpClient 5
 * (what Spring Boot detects first for RestClient and RestTemplate) through a replaced
 * connection manager (see {@link FastPathHttpComponentsClients} for what that keeps and
 * what it loses). Builders and clients the application defines itself are left alone.
 */
@AutoConfiguration(after = LoopbackFastPathAutoConfiguration.class)
@ConditionalOnClass(ClientHttpRequestFactoryBuilder.class)
@ConditionalOnStarterEnabled
@ConditionalOnBean(LoopbackFastPath.class)
public final class ClientFastPathAutoConfiguration {

	/** Component name of the auto-configured WebClient.Builder's connections. */
	public static final String WEBCLIENT = "webclient";

	/** Component name of the auto-configured RestClient.Builder's connections. */
	public static final String RESTCLIENT = "restclient";

	/** Component name of the auto-configured RestTemplateBuilder's connections. */
	public static final String RESTTEMPLATE = "resttemplate";

	@Bean
	@ConditionalOnMissingBean
	FastPathRequestFactories fastPathRequestFactories(LoopbackFastPath fastPath,
			ObjectProvider<FastPathClientLibrary> libraries) {
		return new FastPathRequestFactories(fastPath, libraries.orderedStream().toList());
	}

	/**
	 * Reactor Netty clients. Everything that names Reactor Netty or Netty types is
	 * created here, under the condition that they are present.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HttpClient.class, NioSocketChannel.class })
	static class ReactorNettyClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FastPathReactorClients fastPathReactorClients(LoopbackFastPath fastPath) {
			return new FastPathReactorClients(fastPath);
		}

		@Bean
		ReactorNettyClientLibrary reactorNettyClientLibrary(FastPathReactorClients clients) {
			return new ReactorNettyClientLibrary(clients);
		}

	}

	/**
	 * Apache HttpClient 5 classic clients. The socket hooks the starter uses
	 * ({@code DetachedSocketFactory}, {@code TlsSocketStrategy}) arrived in HttpClient
	 * 5.4; an older HttpClient is left alone and its clients reported as not covered.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.apache.hc.client5.http.impl.classic.HttpClients",
			"org.apache.hc.client5.http.io.DetachedSocketFactory", "org.apache.hc.client5.http.ssl.TlsSocketStrategy" })
	static class HttpComponentsClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FastPathHttpComponentsClients fastPathHttpComponentsClients(LoopbackFastPath fastPath) {
			return new FastPathHttpComponentsClients(fastPath);
		}

		@Bean
		HttpComponentsClientLibrary httpComponentsClientLibrary(LoopbackFastPath fastPath,
				FastPathHttpComponentsClients clients) {
			return new HttpComponentsClientLibrary(fastPath, clients);
		}

	}

	@Bean
	@ConditionalOnMissingBean
	FastPathClients fastPathClients(FastPathRequestFactories factories,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder, ObjectProvider<HttpClientSettings> settings,
			ObjectProvider<UnixSocketClients> unixSockets) {
		return new FastPathClients(factories,
				() -> requestFactoryBuilder.getIfAvailable(ClientHttpRequestFactoryBuilder::detect),
				() -> connectorBuilder.getIfAvailable(ClientHttpConnectorBuilder::detect),
				() -> settings.getIfAvailable(HttpClientSettings::defaults), WEBCLIENT, unixSockets.getIfAvailable());
	}

	/**
	 * The auto-configured {@code WebClient.Builder} gets a fast-path connector built from
	 * the same connector builder Spring Boot uses (which already carries the
	 * {@code ReactorResourceFactory}), shared by every builder as Spring Boot's own
	 * connector is. A {@code ClientHttpConnector} bean the application defines itself is
	 * left in place.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClient.class, ClientHttpConnectorBuilder.class, WebClientAutoConfiguration.class })
	static class WebClientConfiguration {

		@Bean
		static AutoConfiguredBuilderPostProcessor<WebClient.Builder> webClientBuilderFastPathPostProcessor(
				ObjectProvider<FastPathClients> clients) {
			return new AutoConfiguredBuilderPostProcessor<>(WebClient.Builder.class, WebClientAutoConfiguration.class,
					clients,
					(builder, fastPath,
							beanFactory) -> AutoConfiguredBeans.hasOtherThan(beanFactory, ClientHttpConnector.class,
									ReactiveHttpClientAutoConfiguration.class) ? builder
											: builder.clientConnector(fastPath.webClientConnector()));
		}

	}

	/**
	 * The auto-configured {@code RestClient.Builder} gets a fast-path request factory
	 * built from the same request factory builder and settings as the one Spring Boot has
	 * just set, before application code sees the builder, so a request factory the
	 * application sets afterwards ({@code requestFactoryWithoutFastPath()}, for one)
	 * still wins.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestClient.class, RestClientAutoConfiguration.class })
	static class RestClientConfiguration {

		@Bean
		static AutoConfiguredBuilderPostProcessor<RestClient.Builder> restClientBuilderFastPathPostProcessor(
				ObjectProvider<FastPathClients> clients) {
			return new AutoConfiguredBuilderPostProcessor<>(RestClient.Builder.class, RestClientAutoConfiguration.class,
					clients, (builder, fastPath, beanFactory) -> {
						ClientHttpRequestFactory requestFactory = fastPath.requestFactoryIfCovered(RESTCLIENT);
						return (requestFactory != null) ? builder.requestFactory(requestFactory) : builder;
					});
		}

	}

	/**
	 * Spring Boot's {@code RestTemplateBuilder} is immutable: the bean is replaced by one
	 * with a fast-path request factory builder, which every {@code RestTemplate} it
	 * builds uses, while {@code requestFactory(...)} calls of the application stay in
	 * charge.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestTemplate.class, RestTemplateBuilder.class, RestTemplateAutoConfiguration.class })
	static class RestTemplateConfiguration {

		@Bean
		static AutoConfiguredBuilderPostProcessor<RestTemplateBuilder> restTemplateBuilderFastPathPostProcessor(
				ObjectProvider<FastPathClients> clients) {
			return new AutoConfiguredBuilderPostProcessor<>(RestTemplateBuilder.class,
					RestTemplateAutoConfiguration.class, clients, (builder, fastPath, beanFactory) -> builder
						.requestFactoryBuilder(fastPath.requestFactoryBuilder(RESTTEMPLATE)));
		}

	}

}
