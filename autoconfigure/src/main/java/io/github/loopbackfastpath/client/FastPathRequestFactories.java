package io.github.loopbackfastpath.client;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.httpcomponents.FastPathHttpComponentsClients;
import io.github.loopbackfastpath.netty.FastPathReactorClients;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ReactorClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;

/**
 * Adds the loopback fast path to Spring Boot's HTTP client builders, for the request factories
 * and connectors that have a socket hook: Reactor Netty (request factories and connectors) and
 * Apache HttpClient 5 classic (request factories). Builders without one (the JDK
 * {@code HttpClient}, {@code HttpURLConnection}, Jetty, and the asynchronous Apache HttpClient
 * connector) are returned as {@code null} and recorded as not covered, with what to use
 * instead.
 */
public final class FastPathRequestFactories {

	/** What to say about clients the starter cannot hook. */
	public static final String NOT_COVERED = "this HTTP client offers no hook before connect; use Apache HttpClient "
			+ "(spring.http.clients.imperative.factory=http-components) or Reactor Netty "
			+ "(spring.http.clients.imperative.factory=reactor, spring.http.clients.reactive.connector=reactor)";

	private final LoopbackFastPath fastPath;

	private final @Nullable FastPathReactorClients reactorClients;

	private final @Nullable FastPathHttpComponentsClients httpComponentsClients;

	/**
	 * Creates the support.
	 * @param fastPath the fast path
	 * @param reactorClients the Reactor Netty client support, or {@code null} when Reactor
	 * Netty is not on the class path
	 * @param httpComponentsClients the Apache HttpClient support, or {@code null} when Apache
	 * HttpClient 5 is not on the class path
	 */
	public FastPathRequestFactories(LoopbackFastPath fastPath, @Nullable FastPathReactorClients reactorClients,
			@Nullable FastPathHttpComponentsClients httpComponentsClients) {
		this.fastPath = fastPath;
		this.reactorClients = reactorClients;
		this.httpComponentsClients = httpComponentsClients;
	}

	/**
	 * Adds the fast path to a request factory builder.
	 * @param builder the builder the application uses
	 * @param component the component name outcomes are recorded under
	 * @return the builder with the fast path, or {@code null} when this kind of request
	 * factory cannot be hooked (recorded as not covered)
	 */
	public @Nullable ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder(ClientHttpRequestFactoryBuilder<?> builder,
			String component) {
		FastPathReactorClients reactorClients = this.reactorClients;
		if (reactorClients != null && builder instanceof ReactorClientHttpRequestFactoryBuilder reactor) {
			this.fastPath.outcomes().covered(component);
			return reactor.withHttpClientCustomizer((client) -> reactorClients.apply(client, component));
		}
		FastPathHttpComponentsClients httpComponentsClients = this.httpComponentsClients;
		if (httpComponentsClients != null && builder instanceof HttpComponentsClientHttpRequestFactoryBuilder apache) {
			this.fastPath.outcomes().covered(component);
			// Replacing Apache HttpClient's connection manager has a price (see
			// FastPathHttpComponentsClients); where nothing would be applied, Spring Boot's stays.
			return (this.fastPath.clientSkip() != null) ? apache : httpComponentsClients.apply(apache, component);
		}
		notCovered(component, builder);
		return null;
	}

	/**
	 * Adds the fast path to a reactive connector builder.
	 * @param builder the builder the application uses
	 * @param component the component name outcomes are recorded under
	 * @return the builder with the fast path, or the builder unchanged when this kind of
	 * connector cannot be hooked (recorded as not covered)
	 */
	public ClientHttpConnectorBuilder<?> connectorBuilder(ClientHttpConnectorBuilder<?> builder, String component) {
		FastPathReactorClients reactorClients = this.reactorClients;
		if (reactorClients != null && builder instanceof ReactorClientHttpConnectorBuilder reactor) {
			this.fastPath.outcomes().covered(component);
			return reactor.withHttpClientCustomizer((client) -> reactorClients.apply(client, component));
		}
		notCovered(component, builder);
		return builder;
	}

	private void notCovered(String component, Object builder) {
		this.fastPath.notCovered(component, builder.getClass().getSimpleName() + ": " + NOT_COVERED);
	}

}
