package io.github.loopbackfastpath.client;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;

/**
 * Adds the fast path to Spring Boot's builders of one HTTP client library. Each
 * implementation names its library's types and so is only created where that library is
 * on the class path; {@link FastPathRequestFactories} names none of them, which is what
 * keeps an application without Reactor Netty or Apache HttpClient starting.
 */
public interface FastPathClientLibrary {

	/**
	 * Adds the fast path to a request factory builder of this library.
	 * @param builder the builder the application uses
	 * @param component the component name outcomes are recorded under
	 * @return the builder with the fast path, or {@code null} when the builder is not one
	 * of this library's
	 */
	@Nullable ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder(ClientHttpRequestFactoryBuilder<?> builder,
			String component);

	/**
	 * Adds the fast path to a reactive connector builder of this library.
	 * @param builder the builder the application uses
	 * @param component the component name outcomes are recorded under
	 * @return the builder with the fast path, or {@code null} when the builder is not one
	 * of this library's
	 */
	default @Nullable ClientHttpConnectorBuilder<?> connectorBuilder(ClientHttpConnectorBuilder<?> builder,
			String component) {
		return null;
	}

}
