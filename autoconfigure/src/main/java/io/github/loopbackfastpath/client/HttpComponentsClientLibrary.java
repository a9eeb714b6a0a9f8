package io.github.loopbackfastpath.client;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.httpcomponents.FastPathHttpComponentsClients;
import io.github.loopbackfastpath.policy.SkipReason;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;

/**
 * Apache HttpClient 5 (classic) request factories, through a replaced connection manager
 * (see {@link FastPathHttpComponentsClients} for what that keeps and what it loses).
 * Names Apache HttpClient types: create it only where HttpClient 5.4 or later is on the
 * class path.
 */
public final class HttpComponentsClientLibrary implements FastPathClientLibrary {

	private final LoopbackFastPath fastPath;

	private final FastPathHttpComponentsClients clients;

	/**
	 * Creates the library support.
	 * @param fastPath the fast path, asked whether anything would be applied at all
	 * @param clients puts Apache HttpClient connections on the fast path
	 */
	public HttpComponentsClientLibrary(LoopbackFastPath fastPath, FastPathHttpComponentsClients clients) {
		this.fastPath = fastPath;
		this.clients = clients;
	}

	@Override
	public @Nullable ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder(
			ClientHttpRequestFactoryBuilder<?> builder, String component) {
		if (!(builder instanceof HttpComponentsClientHttpRequestFactoryBuilder apache)) {
			return null;
		}
		// Replacing Apache HttpClient's connection manager has a price (see
		// FastPathHttpComponentsClients); where nothing would be applied, Spring Boot's
		// stays and only records why its connections were skipped.
		SkipReason skip = this.fastPath.clientSkip();
		return (skip != null) ? this.clients.recordSkips(apache, component, skip)
				: this.clients.apply(apache, component);
	}

}
