package io.github.loopbackfastpath.unix;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.github.loopbackfastpath.httpcomponents.FastPathHttpComponentsClients;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;

/**
 * Apache HttpClient 5 (classic) clients of a route: the application's builder with a
 * connection manager whose sockets connect to the route's Unix socket
 * ({@link UnixChannelSocket}). HttpClient keeps the URL, and so the {@code Host} header,
 * and pools the connections as over TCP; the connection manager is made from the
 * {@link HttpClientSettings} of each build, with the timeouts, SSL bundle and address
 * filter that Spring Boot derives from them (see {@link FastPathHttpComponentsClients}
 * for what a replaced connection manager keeps and what it does not; that is logged once
 * at INFO). The reactive (async) connector is not routed.
 * <p>
 * HttpClient 5.6 has Unix-socket support of its own
 * ({@code RequestConfig.setUnixDomainSocket}), which this class used first. Its socket
 * adapter opens a selector for each of its streams and only closing the stream closes it,
 * while HttpClient closes the socket: with 5.6.5 every routed connection that closed left
 * about six descriptors behind (a soak grew from about 300 to over 4 600). It is not used
 * until that is fixed upstream.
 */
public final class UnixHttpComponentsClients implements UnixRouteClients {

	private static final Log logger = LogFactory.getLog(UnixHttpComponentsClients.class);

	private final AtomicBoolean replacementLogged = new AtomicBoolean();

	private final UnixSocketTransport transport;

	/**
	 * Creates the library support.
	 * @param transport the routes
	 */
	public UnixHttpComponentsClients(UnixSocketTransport transport) {
		this.transport = transport;
	}

	@Override
	public @Nullable ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder(ClientHttpRequestFactoryBuilder<?> base,
			ClientHttpRequestFactoryBuilder<?> tcp, String component) {
		if (!(base instanceof HttpComponentsClientHttpRequestFactoryBuilder apache)) {
			return null;
		}
		logReplacementOnce();
		Function<UnixRoute, ClientHttpRequestFactoryBuilder<?>> routes = (route) -> FastPathHttpComponentsClients
			.withSocketFactory(apache, (proxy) -> new UnixChannelSocket(route));
		return (settings) -> new UnixRoutingRequestFactory(this.transport, tcp.build(settings),
				(route) -> routes.apply(route).build(settings));
	}

	private void logReplacementOnce() {
		if (this.replacementLogged.compareAndSet(false, true) && logger.isInfoEnabled()) {
			logger.info("Unix-socket routes replace the connection manager of the Apache HttpClient request "
					+ "factories they route (RestClient, RestTemplate). Re-applied from the HTTP client settings: "
					+ "connect and read timeouts, SSL bundle, InetAddressFilter. Not applied to routed requests: "
					+ "connection-manager, socket-config, connection-config, TLS-strategy and DNS-resolver "
					+ "customizations of HttpComponentsClientHttpRequestFactoryBuilder.");
		}
	}

	@Override
	public @Nullable ClientHttpConnectorBuilder<?> connectorBuilder(ClientHttpConnectorBuilder<?> base,
			ClientHttpConnectorBuilder<?> tcp, String component) {
		return null;
	}

}
