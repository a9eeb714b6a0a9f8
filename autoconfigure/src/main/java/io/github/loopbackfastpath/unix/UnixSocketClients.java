package io.github.loopbackfastpath.unix;

import java.util.List;

import io.github.loopbackfastpath.client.HookableClientLibraries;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;

/**
 * Adds the Unix-socket routes to Spring's HTTP clients: a request factory or connector
 * that sends requests to routed loopback ports over the route's socket and everything
 * else through the TCP client. Libraries without Unix-socket support (the JDK
 * {@code HttpClient}, {@code HttpURLConnection}, Jetty, Apache HttpClient's async
 * connector) keep TCP and are reported as not covered, in the log and in
 * {@code /actuator/loopback}.
 */
public final class UnixSocketClients {

	/** What to say about clients that cannot use the routes. */
	public static final String NOT_COVERED = "no Unix-socket support, so requests to routed ports go over TCP; for "
			+ "RestClient and RestTemplate " + HookableClientLibraries.IMPERATIVE + "; for WebClient "
			+ HookableClientLibraries.REACTIVE;

	private final UnixSocketTransport transport;

	private final List<UnixRouteClients> libraries;

	/**
	 * Creates the support.
	 * @param transport the routes
	 * @param libraries the client libraries on the class path that can reach a Unix
	 * socket
	 */
	public UnixSocketClients(UnixSocketTransport transport, List<UnixRouteClients> libraries) {
		this.transport = transport;
		this.libraries = List.copyOf(libraries);
	}

	/**
	 * The routes.
	 * @return the transport
	 */
	public UnixSocketTransport transport() {
		return this.transport;
	}

	/**
	 * Adds the routes to a request factory builder.
	 * @param base the application's builder, which each route's factory is built from
	 * @param tcp the builder for requests that go over TCP (with the loopback fast path,
	 * for one)
	 * @param component the client component, for the report when it cannot be routed
	 * @return a builder of routing request factories, or {@code tcp} when there are no
	 * routes or the library has no Unix-socket support
	 */
	public ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder(ClientHttpRequestFactoryBuilder<?> base,
			ClientHttpRequestFactoryBuilder<?> tcp, String component) {
		if (this.transport.routes().isEmpty()) {
			return tcp;
		}
		for (UnixRouteClients library : this.libraries) {
			ClientHttpRequestFactoryBuilder<?> routed = library.requestFactoryBuilder(base, tcp, component);
			if (routed != null) {
				return routed;
			}
		}
		notCovered(component, base);
		return tcp;
	}

	/**
	 * Adds the routes to a reactive connector builder.
	 * @param base the application's builder, which each route's connector is built from
	 * @param tcp the builder for requests that go over TCP
	 * @param component the client component, for the report when it cannot be routed
	 * @return a builder of routing connectors, or {@code tcp} when there are no routes or
	 * the library has no Unix-socket support
	 */
	public ClientHttpConnectorBuilder<?> connectorBuilder(ClientHttpConnectorBuilder<?> base,
			ClientHttpConnectorBuilder<?> tcp, String component) {
		if (this.transport.routes().isEmpty()) {
			return tcp;
		}
		for (UnixRouteClients library : this.libraries) {
			ClientHttpConnectorBuilder<?> routed = library.connectorBuilder(base, tcp, component);
			if (routed != null) {
				return routed;
			}
		}
		notCovered(component, base);
		return tcp;
	}

	/**
	 * Whether one of the client libraries on the class path routes the request factories
	 * of a builder.
	 * @param base the application's builder
	 * @return whether its requests can take the routes
	 */
	public boolean routes(ClientHttpRequestFactoryBuilder<?> base) {
		return this.libraries.stream().anyMatch((library) -> library.routes(base));
	}

	/**
	 * Whether one of the client libraries on the class path routes the connectors of a
	 * builder.
	 * @param base the application's builder
	 * @return whether its requests can take the routes
	 */
	public boolean routes(ClientHttpConnectorBuilder<?> base) {
		return this.libraries.stream().anyMatch((library) -> library.routes(base));
	}

	/**
	 * Why the clients of a builder cannot take the routes, as the status reports it.
	 * @param builder a builder for which {@link #routes} is false
	 * @return the builder's type and what to add instead
	 */
	public static String notCoveredReason(Object builder) {
		return builder.getClass().getSimpleName() + ": " + NOT_COVERED;
	}

	private void notCovered(String component, Object builder) {
		this.transport.coverage().notCovered(component, notCoveredReason(builder));
	}

}
