package io.github.loopbackfastpath.unix;

import java.util.List;

/**
 * Unix-socket routes are configured, with
 * {@code loopback.fastpath.unix.on-unavailable=fail}, but the HTTP client library the
 * application's clients use cannot connect to a Unix socket: every request to a routed
 * port would fail. Startup stops with it, and its failure analysis names the dependency
 * that makes Spring Boot pick a library that can.
 */
public class UnixRoutesNotCoveredException extends IllegalStateException {

	private final List<String> components;

	private final String routes;

	private final String reason;

	/**
	 * Creates the exception.
	 * @param components the client components that cannot take the routes
	 * @param routes the routes, as {@link UnixTransportReport#describeRoutes()} says
	 * @param reason the builder that cannot route and what to add instead
	 */
	public UnixRoutesNotCoveredException(List<String> components, String routes, String reason) {
		super("Unix-socket routes (" + routes + ") do not cover " + String.join(", ", components) + ": " + reason);
		this.components = List.copyOf(components);
		this.routes = routes;
		this.reason = reason;
	}

	/**
	 * The client components that cannot take the routes.
	 * @return for example {@code restclient, resttemplate}
	 */
	public List<String> getComponents() {
		return this.components;
	}

	/**
	 * The routes.
	 * @return for example {@code loopback:15001 -> /run/envoy.sock}
	 */
	public String getRoutes() {
		return this.routes;
	}

	/**
	 * The builder that cannot route and what to add instead.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
