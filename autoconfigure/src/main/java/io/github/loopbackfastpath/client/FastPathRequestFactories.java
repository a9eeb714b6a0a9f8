package io.github.loopbackfastpath.client;

import java.util.List;

import io.github.loopbackfastpath.LoopbackFastPath;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;

/**
 * Adds the loopback fast path to Spring Boot's HTTP client builders, for the request
 * factories and connectors that have a socket hook: each {@link FastPathClientLibrary} on
 * the class path is asked in turn (Reactor Netty request factories and connectors, Apache
 * HttpClient 5 classic request factories). Builders without one (the JDK
 * {@code HttpClient}, {@code HttpURLConnection}, Jetty, and the asynchronous Apache
 * HttpClient connector) are returned as {@code null} and recorded as not covered, with
 * what to use instead.
 * <p>
 * This class names no client library's types, so it loads in every application.
 */
public final class FastPathRequestFactories {

	/** What to say about clients the starter cannot hook. */
	public static final String NOT_COVERED = "this HTTP client offers no hook before connect; for RestClient and "
			+ "RestTemplate " + HookableClientLibraries.IMPERATIVE + "; for WebClient "
			+ HookableClientLibraries.REACTIVE;

	private final LoopbackFastPath fastPath;

	private final List<FastPathClientLibrary> libraries;

	/**
	 * Creates the support.
	 * @param fastPath the fast path
	 * @param libraries the client libraries on the class path that the starter can hook
	 */
	public FastPathRequestFactories(LoopbackFastPath fastPath, List<FastPathClientLibrary> libraries) {
		this.fastPath = fastPath;
		this.libraries = List.copyOf(libraries);
	}

	/**
	 * Adds the fast path to a request factory builder.
	 * @param builder the builder the application uses
	 * @param component the component name outcomes are recorded under
	 * @return the builder with the fast path, or {@code null} when this kind of request
	 * factory cannot be hooked (recorded as not covered)
	 */
	public @Nullable ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder(
			ClientHttpRequestFactoryBuilder<?> builder, String component) {
		for (FastPathClientLibrary library : this.libraries) {
			ClientHttpRequestFactoryBuilder<?> fastPath = library.requestFactoryBuilder(builder, component);
			if (fastPath != null) {
				this.fastPath.outcomes().stats(component);
				return fastPath;
			}
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
		for (FastPathClientLibrary library : this.libraries) {
			ClientHttpConnectorBuilder<?> fastPath = library.connectorBuilder(builder, component);
			if (fastPath != null) {
				this.fastPath.outcomes().stats(component);
				return fastPath;
			}
		}
		notCovered(component, builder);
		return builder;
	}

	private void notCovered(String component, Object builder) {
		this.fastPath.notCovered(component, builder.getClass().getSimpleName() + ": " + NOT_COVERED);
	}

}
