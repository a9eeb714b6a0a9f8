package io.github.loopbackfastpath.client;

import io.github.loopbackfastpath.netty.FastPathReactorClients;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ReactorClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;

/**
 * Reactor Netty request factories and connectors: their {@code HttpClient} is customized
 * to run on {@link FastPathReactorClients fast-path loop resources}. Names Reactor Netty
 * types: create it only where Reactor Netty is on the class path.
 */
public final class ReactorNettyClientLibrary implements FastPathClientLibrary {

	private final FastPathReactorClients clients;

	/**
	 * Creates the library support.
	 * @param clients puts Reactor Netty clients on the fast path
	 */
	public ReactorNettyClientLibrary(FastPathReactorClients clients) {
		this.clients = clients;
	}

	@Override
	public @Nullable ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder(
			ClientHttpRequestFactoryBuilder<?> builder, String component) {
		if (builder instanceof ReactorClientHttpRequestFactoryBuilder reactor) {
			return reactor.withHttpClientCustomizer((client) -> this.clients.apply(client, component));
		}
		return null;
	}

	@Override
	public @Nullable ClientHttpConnectorBuilder<?> connectorBuilder(ClientHttpConnectorBuilder<?> builder,
			String component) {
		if (builder instanceof ReactorClientHttpConnectorBuilder reactor) {
			return reactor.withHttpClientCustomizer((client) -> this.clients.apply(client, component));
		}
		return null;
	}

}
