package io.github.loopbackfastpath.unix;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;

/**
 * A reactive connector that sends requests to routed loopback ports over their Unix
 * sockets and everything else through the TCP connector. Each route has a connector of
 * its own (built from the same builder and settings), whose pool keeps the Unix-socket
 * connections. A connection that is refused, or a socket that is missing, fails before
 * the request is written, so with {@code on-unavailable=tcp} the same request is then
 * sent over TCP.
 */
public final class UnixRoutingConnector implements ClientHttpConnector {

	private final UnixSocketTransport transport;

	private final ClientHttpConnector tcp;

	private final Function<UnixRoute, ClientHttpConnector> routeConnector;

	private final Map<UnixRoute, ClientHttpConnector> routed = new ConcurrentHashMap<>();

	/**
	 * Creates the connector.
	 * @param transport decides where each request goes
	 * @param tcp the connector for everything that goes over TCP
	 * @param routeConnector creates the connector of a route, once, on its first request
	 */
	public UnixRoutingConnector(UnixSocketTransport transport, ClientHttpConnector tcp,
			Function<UnixRoute, ClientHttpConnector> routeConnector) {
		this.transport = transport;
		this.tcp = tcp;
		this.routeConnector = routeConnector;
	}

	@Override
	public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		UnixRoute route = this.transport.route(uri);
		if (route == null) {
			return this.tcp.connect(method, uri, requestCallback);
		}
		return Mono.defer(() -> {
			if (!this.transport.isPresent(route)) {
				return fallBack(route, UnixSocketTransport.missing(route), method, uri, requestCallback);
			}
			return this.routed.computeIfAbsent(route, this.routeConnector)
				.connect(method, uri, requestCallback)
				.onErrorResume(UnixSocketTransport::isUnavailable,
						(ex) -> fallBack(route, ex, method, uri, requestCallback));
		});
	}

	private Mono<ClientHttpResponse> fallBack(UnixRoute route, Throwable cause, HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		try {
			this.transport.unavailable(route, cause);
		}
		catch (UnixSocketUnavailableException ex) {
			return Mono.error(ex);
		}
		return this.tcp.connect(method, uri, requestCallback);
	}

}
