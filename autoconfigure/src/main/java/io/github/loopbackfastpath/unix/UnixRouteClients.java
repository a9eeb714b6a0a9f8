package io.github.loopbackfastpath.unix;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;

/**
 * How one HTTP client library follows the Unix-socket routes: from the application's
 * builder, a builder whose clients decide for each new connection, inside the library's
 * connection layer, whether it goes to a route's socket or over TCP (design §6: never by
 * buffering a request and sending it again). Implementations name their library's types
 * and are created only where that library is on the class path.
 */
public interface UnixRouteClients {

	/**
	 * A routing request factory builder for a request factory builder of this library.
	 * @param base the application's builder
	 * @param tcp the builder that requests which do not take a route use (the base with
	 * the loopback fast path, for one)
	 * @param component the client component, whose outcomes the TCP connections record
	 * @return the routing builder, or {@code null} when the builder is not of this
	 * library
	 */
	@Nullable ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder(ClientHttpRequestFactoryBuilder<?> base,
			ClientHttpRequestFactoryBuilder<?> tcp, String component);

	/**
	 * A routing connector builder for a reactive connector builder of this library.
	 * @param base the application's builder
	 * @param tcp the builder that requests which do not take a route use
	 * @param component the client component
	 * @return the routing builder, or {@code null} when the builder is not of this
	 * library
	 */
	@Nullable ClientHttpConnectorBuilder<?> connectorBuilder(ClientHttpConnectorBuilder<?> base,
			ClientHttpConnectorBuilder<?> tcp, String component);

	/**
	 * Whether this library routes the request factories of a builder, asked without
	 * building or reporting anything (the startup check of routes no client can take).
	 * @param base the application's builder
	 * @return whether its requests take the routes
	 */
	boolean routes(ClientHttpRequestFactoryBuilder<?> base);

	/**
	 * Whether this library routes the connectors of a builder, asked without building or
	 * reporting anything.
	 * @param base the application's builder
	 * @return whether its requests take the routes
	 */
	boolean routes(ClientHttpConnectorBuilder<?> base);

}
