package io.github.loopbackfastpath.unix;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;

/**
 * How one HTTP client library reaches a Unix socket: from the application's builder, the
 * builder of a route's client. Implementations name their library's types and are created
 * only where that library is on the class path.
 */
public interface UnixRouteClients {

	/**
	 * Route builders for a request factory builder of this library.
	 * @param base the application's builder
	 * @return the builder of each route's request factory, or {@code null} when the
	 * builder is not of this library
	 */
	@Nullable Function<UnixRoute, ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilders(
			ClientHttpRequestFactoryBuilder<?> base);

	/**
	 * Route builders for a reactive connector builder of this library.
	 * @param base the application's builder
	 * @return the builder of each route's connector, or {@code null} when the builder is
	 * not of this library
	 */
	@Nullable Function<UnixRoute, ClientHttpConnectorBuilder<?>> connectorBuilders(ClientHttpConnectorBuilder<?> base);

}
