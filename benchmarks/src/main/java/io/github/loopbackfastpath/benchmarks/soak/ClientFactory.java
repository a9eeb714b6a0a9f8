package io.github.loopbackfastpath.benchmarks.soak;

/**
 * The HTTP library under the blocking clients
 * ({@code spring.http.clients.imperative.factory}).
 */
enum ClientFactory {

	/** Reactor Netty, which also carries the WebClient. */
	REACTOR("reactor"),

	/** Apache HttpClient 5, through the starter's connection operator. */
	HTTP_COMPONENTS("http-components");

	final String property;

	ClientFactory(String property) {
		this.property = property;
	}

}
