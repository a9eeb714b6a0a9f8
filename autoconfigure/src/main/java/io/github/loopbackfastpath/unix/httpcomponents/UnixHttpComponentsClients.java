package io.github.loopbackfastpath.unix.httpcomponents;

import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.loopbackfastpath.httpcomponents.FastPathHttpComponentsClients;
import io.github.loopbackfastpath.unix.UnixRouteClients;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;

/**
 * Apache HttpClient 5 (classic) request factories on the Unix-socket routes: one
 * connection manager per request factory serves TCP and the routes, with a connection
 * operator that decides the route of each new connection
 * ({@link UnixRoutingConnectionOperator}) around HttpClient's default operator, whose TCP
 * sockets are offered the fast path as without routes. HttpClient keeps the URL, and so
 * the {@code Host} header, pools each route's connections under the URL's host and port
 * as over TCP, and follows redirects and retries as it does there.
 * <p>
 * The connection manager is made from the {@code HttpClientSettings} of each build, with
 * the timeouts, SSL bundle and address filter that Spring Boot derives from them (see
 * {@link FastPathHttpComponentsClients} for what a replaced connection manager keeps and
 * what it does not; that is logged once at INFO). The reactive (async) connector is not
 * routed.
 * <p>
 * The routes' sockets are junixsocket's {@link AFUNIXSocket}: a {@code java.net.Socket}
 * over one native descriptor, with the read timeout in the kernel (see
 * {@code docs/unix-sockets.md} for the measurements behind the choice). HttpClient 5.6's
 * own Unix-socket support ({@code RequestConfig.setUnixDomainSocket}) is chosen per
 * request, not per connection, and prefers an adapter over the JDK's channel, whose
 * streams open a selector each that only closing the stream closes, while HttpClient
 * closes the socket: with 5.6.5 every routed connection that closed left about six
 * descriptors behind.
 */
public final class UnixHttpComponentsClients implements UnixRouteClients {

	private static final Log logger = LogFactory.getLog(UnixHttpComponentsClients.class);

	private final AtomicBoolean replacementLogged = new AtomicBoolean();

	private final UnixSocketTransport transport;

	private final FastPathHttpComponentsClients clients;

	private final SocketFileCheck files;

	/**
	 * Creates the library support.
	 * @param transport the routes
	 * @param clients builds the connection manager, with the fast path for TCP
	 */
	public UnixHttpComponentsClients(UnixSocketTransport transport, FastPathHttpComponentsClients clients) {
		this(transport, clients, Files::exists);
	}

	UnixHttpComponentsClients(UnixSocketTransport transport, FastPathHttpComponentsClients clients,
			SocketFileCheck files) {
		this.transport = transport;
		this.clients = clients;
		this.files = files;
	}

	/**
	 * The routing builder for an Apache HttpClient builder. {@code tcp} is not used: the
	 * one connection manager of each request factory is composed here from {@code base},
	 * with the same fast path (or recorded skips) for its TCP connections that
	 * {@code tcp} has.
	 */
	@Override
	public @Nullable ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder(ClientHttpRequestFactoryBuilder<?> base,
			ClientHttpRequestFactoryBuilder<?> tcp, String component) {
		if (!(base instanceof HttpComponentsClientHttpRequestFactoryBuilder apache)) {
			return null;
		}
		if (!AFUNIXSocket.isSupported()) {
			this.transport.coverage()
				.notCovered(component, base.getClass().getSimpleName()
						+ ": junixsocket has no native library for this platform, so requests to routed ports go over TCP");
			return tcp;
		}
		logReplacementOnce();
		return this.clients.withConnectionOperator(apache.withHttpClientCustomizer(ProxiedHops::install), component,
				(operator) -> new UnixRoutingConnectionOperator(operator, this.transport, this.files));
	}

	private void logReplacementOnce() {
		if (this.replacementLogged.compareAndSet(false, true) && logger.isInfoEnabled()) {
			logger.info("Unix-socket routes replace the connection manager of the Apache HttpClient request "
					+ "factories they route (RestClient, RestTemplate, HTTP service groups). Re-applied from the HTTP "
					+ "client settings: connect and read timeouts, SSL bundle, InetAddressFilter. Not applied: "
					+ "connection-manager, socket-config, connection-config, TLS-strategy and DNS-resolver "
					+ "customizations of HttpComponentsClientHttpRequestFactoryBuilder, and a connection manager set "
					+ "by an HttpClient customizer.");
		}
	}

	@Override
	public @Nullable ClientHttpConnectorBuilder<?> connectorBuilder(ClientHttpConnectorBuilder<?> base,
			ClientHttpConnectorBuilder<?> tcp, String component) {
		return null;
	}

	@Override
	public boolean routes(ClientHttpRequestFactoryBuilder<?> base) {
		return base instanceof HttpComponentsClientHttpRequestFactoryBuilder && AFUNIXSocket.isSupported();
	}

	@Override
	public boolean routes(ClientHttpConnectorBuilder<?> base) {
		return false;
	}

}
