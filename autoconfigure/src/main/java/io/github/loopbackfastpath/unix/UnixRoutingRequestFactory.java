package io.github.loopbackfastpath.unix;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.Cleaner;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A request factory that sends requests to routed loopback ports over their Unix sockets
 * and everything else through the TCP request factory. Each route has a request factory
 * of its own (built from the same builder and settings, so timeouts and customizers are
 * the same), whose pool keeps the Unix-socket connections.
 * <p>
 * A routed request is buffered until it is executed, so that it can be sent again over
 * TCP when its socket turns out to be missing or refuses ({@code on-unavailable=tcp}):
 * the connection is refused before anything is written, so nothing is sent twice.
 * <p>
 * The routes' factories are closed when this factory is collected. A RestClient or
 * RestTemplate is not a bean, and nobody closes its request factory when the application
 * drops it; the pooled connections of a route's factory (and their threads, such as
 * Reactor Netty's pool) would otherwise wait for the collector to find each socket.
 */
public final class UnixRoutingRequestFactory implements ClientHttpRequestFactory {

	private static final Cleaner CLEANER = Cleaner.create();

	private final UnixSocketTransport transport;

	private final ClientHttpRequestFactory tcp;

	private final Function<UnixRoute, ClientHttpRequestFactory> routeFactory;

	private final Map<UnixRoute, ClientHttpRequestFactory> routed = new ConcurrentHashMap<>();

	/**
	 * Creates the factory.
	 * @param transport decides where each request goes
	 * @param tcp the factory for everything that goes over TCP
	 * @param routeFactory creates the factory of a route, once, on its first request
	 */
	public UnixRoutingRequestFactory(UnixSocketTransport transport, ClientHttpRequestFactory tcp,
			Function<UnixRoute, ClientHttpRequestFactory> routeFactory) {
		this.transport = transport;
		this.tcp = tcp;
		this.routeFactory = routeFactory;
		CLEANER.register(this, new CloseRoutes(this.routed));
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		UnixRoute route = this.transport.route(uri);
		return (route != null) ? new RoutedRequest(uri, httpMethod, route) : this.tcp.createRequest(uri, httpMethod);
	}

	private final class RoutedRequest implements ClientHttpRequest {

		private final URI uri;

		private final HttpMethod method;

		private final UnixRoute route;

		private final HttpHeaders headers = new HttpHeaders();

		private final Map<String, Object> attributes = new LinkedHashMap<>();

		private @Nullable ByteArrayOutputStream body;

		RoutedRequest(URI uri, HttpMethod method, UnixRoute route) {
			this.uri = uri;
			this.method = method;
			this.route = route;
		}

		@Override
		public HttpMethod getMethod() {
			return this.method;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

		@Override
		public Map<String, Object> getAttributes() {
			return this.attributes;
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public OutputStream getBody() {
			ByteArrayOutputStream body = this.body;
			if (body == null) {
				body = new ByteArrayOutputStream(1024);
				this.body = body;
			}
			return body;
		}

		@Override
		public ClientHttpResponse execute() throws IOException {
			UnixSocketTransport transport = UnixRoutingRequestFactory.this.transport;
			if (!transport.isPresent(this.route)) {
				transport.unavailable(this.route, UnixSocketTransport.missing(this.route));
				return send(UnixRoutingRequestFactory.this.tcp);
			}
			try {
				return send(UnixRoutingRequestFactory.this.routed.computeIfAbsent(this.route,
						UnixRoutingRequestFactory.this.routeFactory));
			}
			catch (IOException ex) {
				if (!UnixSocketTransport.isUnavailable(ex)) {
					throw ex;
				}
				transport.unavailable(this.route, ex);
				return send(UnixRoutingRequestFactory.this.tcp);
			}
		}

		private ClientHttpResponse send(ClientHttpRequestFactory factory) throws IOException {
			ClientHttpRequest request = factory.createRequest(this.uri, this.method);
			request.getHeaders().putAll(this.headers);
			request.getAttributes().putAll(this.attributes);
			ByteArrayOutputStream body = this.body;
			if (body != null) {
				body.writeTo(request.getBody());
			}
			return request.execute();
		}

	}

	/**
	 * Closes the routes' factories of a collected routing factory; refers to the routes
	 * only, never to the routing factory, so that it can be collected.
	 */
	private record CloseRoutes(Map<UnixRoute, ClientHttpRequestFactory> routed) implements Runnable {

		@Override
		public void run() {
			for (ClientHttpRequestFactory factory : this.routed.values()) {
				try {
					if (factory instanceof DisposableBean disposable) {
						disposable.destroy();
					}
					else if (factory instanceof AutoCloseable closeable) {
						closeable.close();
					}
				}
				catch (Exception ex) {
					// Nothing to report to: the client that used it is gone.
				}
			}
		}

	}

}
