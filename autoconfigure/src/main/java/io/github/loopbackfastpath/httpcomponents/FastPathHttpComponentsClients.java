package io.github.loopbackfastpath.httpcomponents;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.policy.SkipReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * Puts the connections of Spring Boot's Apache HttpClient 5 (classic) request factories
 * on the loopback fast path.
 * <p>
 * HttpClient creates its plain sockets through the {@link DetachedSocketFactory} of its
 * connection operator, and the only way to give the operator one is a subclass of
 * {@link PoolingHttpClientConnectionManagerBuilder}. Spring Boot creates that builder
 * itself, so the connection manager is replaced instead: through an
 * {@code HttpClientBuilder} customizer, which Boot runs after it has set its own. The
 * replacement is built from the {@link HttpClientSettings} of each
 * {@code build(settings)} call, because a {@code RestTemplateBuilder} passes its own,
 * per-template settings there. It re-applies what Boot derives from those settings:
 * <ul>
 * <li>connect timeout: {@code ConnectionConfig} connect timeout;</li>
 * <li>read timeout: {@code ConnectionConfig} socket timeout;</li>
 * <li>SSL bundle: a {@link DefaultClientTlsStrategy} with the bundle's
 * {@code SSLContext}, enabled protocols and ciphers and the
 * {@link DefaultHostnameVerifier}; without a bundle, HttpClient's system-property
 * default, as with Boot;</li>
 * <li>{@code InetAddressFilter}: applied to name resolution (see
 * {@link InetAddressFilterDnsResolver} for the one difference, the exception type);</li>
 * <li>HttpClient's system properties ({@code useSystemProperties()}), as Boot does.</li>
 * </ul>
 * Redirects, cookie handling, the default request configuration and every
 * {@code HttpClientBuilder} customizer stay as Boot and the application set them. What is
 * lost: customizations of the replaced connection manager, that is everything an
 * application added with {@code withConnectionManagerCustomizer},
 * {@code withSocketConfigCustomizer}, {@code withConnectionConfigCustomizer},
 * {@code withTlsSocketStrategyFactory} or {@code withDnsResolver}, and a connection
 * manager set by its own {@code HttpClientBuilder} customizer. Boot's builder keeps them
 * private, so they cannot be carried over; this is said once in the log at INFO.
 */
public final class FastPathHttpComponentsClients {

	private static final Log logger = LogFactory.getLog(FastPathHttpComponentsClients.class);

	private final LoopbackFastPath fastPath;

	private final AtomicBoolean replacementLogged = new AtomicBoolean();

	/**
	 * Creates the client support.
	 * @param fastPath the fast path
	 */
	public FastPathHttpComponentsClients(LoopbackFastPath fastPath) {
		this.fastPath = fastPath;
	}

	/**
	 * Returns a request factory builder whose factories open their connections on the
	 * fast path.
	 * @param builder the builder the application uses
	 * @param component the component name outcomes are recorded under
	 * @return a builder that builds {@code builder}'s request factories with a fast-path
	 * connection manager made from the settings of each build
	 */
	public ClientHttpRequestFactoryBuilder<HttpComponentsClientHttpRequestFactory> apply(
			HttpComponentsClientHttpRequestFactoryBuilder builder, String component) {
		logReplacementOnce();
		return withConnectionManager(builder, new FastPathSocketFactory(this.fastPath, component),
				UnaryOperator.identity());
	}

	/**
	 * Returns a request factory builder whose factories have one connection manager of
	 * their own for all their connections, whose connection operator is HttpClient's
	 * default one wrapped by {@code operator}: the Unix-socket routes decide there, per
	 * connection, and hand every other connection to the default operator. Its TCP
	 * sockets are offered the fast path where it applies to clients; where it does not
	 * ({@link LoopbackFastPath#clientSkip()}), each TCP socket is recorded as skipped
	 * with the reason, as {@link #recordSkips} records Boot's connections. The connection
	 * manager is made from the settings of each build, as for {@link #apply}, and loses
	 * the same customizations.
	 * @param builder the builder the application uses
	 * @param component the component name outcomes are recorded under
	 * @param operator wraps the default connection operator
	 * @return the builder
	 */
	public ClientHttpRequestFactoryBuilder<HttpComponentsClientHttpRequestFactory> withConnectionOperator(
			HttpComponentsClientHttpRequestFactoryBuilder builder, String component,
			UnaryOperator<HttpClientConnectionOperator> operator) {
		SkipReason skip = this.fastPath.clientSkip();
		DetachedSocketFactory sockets = (skip != null) ? new SkipRecordingSocketFactory(this.fastPath, component, skip)
				: new FastPathSocketFactory(this.fastPath, component);
		return withConnectionManager(builder, sockets, operator);
	}

	/**
	 * Builds {@code builder}'s request factories with a connection manager of their own,
	 * made from the settings of each build and set by an {@code HttpClientBuilder}
	 * customizer, which Spring Boot runs after it has set its own.
	 */
	private static ClientHttpRequestFactoryBuilder<HttpComponentsClientHttpRequestFactory> withConnectionManager(
			HttpComponentsClientHttpRequestFactoryBuilder builder, DetachedSocketFactory socketFactory,
			UnaryOperator<HttpClientConnectionOperator> operator) {
		return (settings) -> {
			HttpClientSettings used = (settings != null) ? settings : HttpClientSettings.defaults();
			return builder.withHttpClientCustomizer(
					(httpClient) -> httpClient.setConnectionManager(connectionManager(used, socketFactory, operator)))
				.build(used);
		};
	}

	/**
	 * Returns a request factory builder that keeps Spring Boot's connection manager, with
	 * every customization the application made to it, and records one skipped outcome per
	 * new connection: for where nothing would be applied (client side disabled, platform
	 * without the fast path), so that the component still shows what its connections did
	 * and why.
	 * <p>
	 * The recording is a connection factory set by a connection-manager customizer that
	 * runs after the application's; a connection factory that the application set in its
	 * own connection-manager customizer is replaced by HttpClient's default one.
	 * @param builder the builder the application uses
	 * @param component the component name outcomes are recorded under
	 * @param reason why connections are skipped
	 * @return the builder with the recording added
	 */
	public HttpComponentsClientHttpRequestFactoryBuilder recordSkips(
			HttpComponentsClientHttpRequestFactoryBuilder builder, String component, SkipReason reason) {
		return builder.withConnectionManagerCustomizer((connectionManager) -> connectionManager
			.setConnectionFactory(new SkipRecordingConnectionFactory(this.fastPath, component, reason)));
	}

	/**
	 * Creates a pooling connection manager whose sockets are offered the fast path.
	 * @param settings the HTTP client settings to apply
	 * @param component the component name outcomes are recorded under
	 * @return the connection manager
	 */
	public PoolingHttpClientConnectionManager connectionManager(HttpClientSettings settings, String component) {
		return connectionManager(settings, new FastPathSocketFactory(this.fastPath, component),
				UnaryOperator.identity());
	}

	/**
	 * Creates a pooling connection manager whose plain sockets come from a socket
	 * factory, with what Spring Boot derives from the settings re-applied as described
	 * above.
	 */
	private static PoolingHttpClientConnectionManager connectionManager(HttpClientSettings settings,
			DetachedSocketFactory socketFactory, UnaryOperator<HttpClientConnectionOperator> operator) {
		PoolingHttpClientConnectionManagerBuilder builder = new FastPathConnectionManagerBuilder(socketFactory,
				operator)
			.useSystemProperties();
		builder.setDefaultConnectionConfig(connectionConfig(settings));
		TlsSocketStrategy tlsStrategy = tlsStrategy(settings.sslBundle());
		if (tlsStrategy != null) {
			builder.setTlsSocketStrategy(tlsStrategy);
		}
		DnsResolver dnsResolver = SystemDefaultDnsResolver.INSTANCE;
		if (settings.inetAddressFilter() != null) {
			dnsResolver = new InetAddressFilterDnsResolver(dnsResolver, settings.inetAddressFilter());
		}
		builder.setDnsResolver(dnsResolver);
		return builder.build();
	}

	private static ConnectionConfig connectionConfig(HttpClientSettings settings) {
		ConnectionConfig.Builder config = ConnectionConfig.custom();
		Duration connectTimeout = settings.connectTimeout();
		if (connectTimeout != null) {
			config.setConnectTimeout(Timeout.ofMilliseconds(connectTimeout.toMillis()));
		}
		Duration readTimeout = settings.readTimeout();
		if (readTimeout != null) {
			config.setSocketTimeout(Timeout.ofMilliseconds(readTimeout.toMillis()));
		}
		return config.build();
	}

	private static @Nullable TlsSocketStrategy tlsStrategy(@Nullable SslBundle bundle) {
		if (bundle == null) {
			return null;
		}
		SslOptions options = bundle.getOptions();
		return new DefaultClientTlsStrategy(bundle.createSslContext(), options.getEnabledProtocols(),
				options.getCiphers(), null, new DefaultHostnameVerifier());
	}

	private void logReplacementOnce() {
		if (this.replacementLogged.compareAndSet(false, true) && logger.isInfoEnabled()) {
			logger.info("Loopback fast path replaces the connection manager of Spring Boot's Apache HttpClient "
					+ "request factories (RestClient, RestTemplate). Re-applied from the HTTP client settings: "
					+ "connect and read timeouts, SSL bundle, InetAddressFilter. Not applied: connection-manager, "
					+ "socket-config, connection-config, TLS-strategy and DNS-resolver customizations of "
					+ "HttpComponentsClientHttpRequestFactoryBuilder, and a connection manager set by an "
					+ "HttpClient customizer. To keep them, set a request factory on the builder in application code, "
					+ "which wins over this one, or turn the starter off (loopback.fastpath.enabled=false).");
		}
	}

	/**
	 * The one way to give the connection operator a socket factory, or to wrap the
	 * operator: the builder has no setter for either.
	 */
	private static final class FastPathConnectionManagerBuilder extends PoolingHttpClientConnectionManagerBuilder {

		private final DetachedSocketFactory socketFactory;

		private final UnaryOperator<HttpClientConnectionOperator> operator;

		FastPathConnectionManagerBuilder(DetachedSocketFactory socketFactory,
				UnaryOperator<HttpClientConnectionOperator> operator) {
			this.socketFactory = socketFactory;
			this.operator = operator;
		}

		@Override
		protected HttpClientConnectionOperator createConnectionOperator(SchemePortResolver schemePortResolver,
				DnsResolver dnsResolver, TlsSocketStrategy tlsSocketStrategy) {
			return this.operator
				.apply(new DefaultHttpClientConnectionOperator(this.socketFactory, schemePortResolver, dnsResolver,
						RegistryBuilder.<TlsSocketStrategy>create()
							.register(URIScheme.HTTPS.id, tlsSocketStrategy)
							.build()));
		}

	}

}
