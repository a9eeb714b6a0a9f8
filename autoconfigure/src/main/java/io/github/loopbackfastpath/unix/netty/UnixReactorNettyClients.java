package io.github.loopbackfastpath.unix.netty;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.github.loopbackfastpath.unix.UnixRouteClients;
import io.github.loopbackfastpath.unix.UnixRoute;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ReactorClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;

/**
 * The routes for Reactor Netty's request factories and connectors (WebClient, the
 * Reactor-based RestClient and RestTemplate, HTTP service groups): one client whose
 * connections are routed by a {@link UnixRouteConnectionProvider} around the provider its
 * builder would have used.
 * <p>
 * Reactor Netty cannot change the provider of a client it has built, so each
 * {@code build(settings)} makes two passes over the TCP builder (the application's, with
 * the loopback fast path where it applies). The first runs the builder's
 * {@code HttpClient} factory, defaults, settings and customizers and stops there, before
 * the connector or request factory and their customizers exist, to learn the provider
 * they chose (Spring Boot's {@code ReactorResourceFactory}'s, an application's own, or
 * Reactor Netty's global pool). The second is the real build with
 * {@code withHttpClientFactory(() -> HttpClient.create(routing provider))}. Kept: the
 * provider and its pool, every {@code HttpClient} customizer (loop resources, the fast
 * path's loops for TCP connections, timeouts, redirects, the SSL bundle, compression,
 * address selection), the connector's and request factory's customizers. Not kept: any
 * configuration an application's own {@code withHttpClientFactory} supplier adds to the
 * client beyond its connection provider; configure the client in a customizer
 * ({@code withHttpClientCustomizer}) instead. Names Reactor Netty types: create it only
 * where Reactor Netty is on the class path.
 */
public final class UnixReactorNettyClients implements UnixRouteClients {

	private final UnixSocketTransport transport;

	/**
	 * Creates the library support.
	 * @param transport the routes
	 */
	public UnixReactorNettyClients(UnixSocketTransport transport) {
		this.transport = transport;
	}

	@Override
	public @Nullable ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder(ClientHttpRequestFactoryBuilder<?> base,
			ClientHttpRequestFactoryBuilder<?> tcp, String component) {
		if (!(base instanceof ReactorClientHttpRequestFactoryBuilder)
				|| !(tcp instanceof ReactorClientHttpRequestFactoryBuilder reactor)) {
			return null;
		}
		return (settings) -> reactor
			.withHttpClientFactory(routed((customizer) -> reactor.withHttpClientCustomizer(customizer).build(settings)))
			.build(settings);
	}

	@Override
	public @Nullable ClientHttpConnectorBuilder<?> connectorBuilder(ClientHttpConnectorBuilder<?> base,
			ClientHttpConnectorBuilder<?> tcp, String component) {
		if (!(base instanceof ReactorClientHttpConnectorBuilder)
				|| !(tcp instanceof ReactorClientHttpConnectorBuilder reactor)) {
			return null;
		}
		return (settings) -> reactor
			.withHttpClientFactory(routed((customizer) -> reactor.withHttpClientCustomizer(customizer).build(settings)))
			.build(settings);
	}

	/**
	 * The {@code HttpClient} factory of a routed build: clients on the routing provider
	 * around the one the builder's own client has.
	 * @param probeBuild builds with one more, last {@code HttpClient} customizer
	 * @return the factory
	 */
	private Supplier<HttpClient> routed(Consumer<UnaryOperator<HttpClient>> probeBuild) {
		ConnectionProvider provider = null;
		try {
			probeBuild.accept((client) -> {
				throw new Probed(UnixRouteConnectionProvider.unrouted(client));
			});
		}
		catch (Probed probed) {
			provider = probed.provider;
		}
		if (provider == null) {
			throw new IllegalStateException(
					"The Reactor Netty client builder did not apply its HttpClient customizers");
		}
		ConnectionProvider routing = new UnixRouteConnectionProvider(provider, this.transport);
		return () -> routed(routing, this.transport);
	}

	/**
	 * A client on a routing provider that also checks each new Unix-socket connection's
	 * peer where its route expects one ({@code loopback.fastpath.unix.peers.<port>}), for
	 * code that builds its own clients: {@code HttpClient.create(routingProvider)} alone
	 * routes but checks no peer.
	 * @param routing a {@link UnixRouteConnectionProvider}
	 * @param transport its routes
	 * @return the client
	 */
	public static HttpClient routed(ConnectionProvider routing, UnixSocketTransport transport) {
		HttpClient client = HttpClient.create(routing);
		if (!NettyUnixPeers.checksPeers(transport)) {
			return client;
		}
		return client.doOnChannelInit((observer, channel, remote) -> {
			UnixRoute route = NettyUnixPeers.checkedRoute(transport, remote);
			if (route != null) {
				NettyUnixPeers.checkOnConnect(channel, route);
			}
		});
	}

	/**
	 * A client that connects to a Unix socket for requests given without scheme and host
	 * ({@code client.get().uri("/path")}), on whichever transport it runs, with an
	 * {@code HTTP/1.1} request line and, unless the client sets one, a send buffer like
	 * TCP's.
	 * @param client the client
	 * @param path the socket path
	 * @return the client
	 */
	public static HttpClient unixSocket(HttpClient client, Path path) {
		boolean preferNative = client.configuration().isPreferNative();
		HttpClient unix = client.configuration().options().containsKey(ChannelOption.SO_SNDBUF) ? client
				: client.option(ChannelOption.SO_SNDBUF, RouteSendBuffer.SIZE);
		return unix.remoteAddress(() -> NettyDomainSocketAddresses.of(path, preferNative))
			.doOnChannelInit((observer, channel, remote) -> Http11RequestLine.install(channel));
	}

	/**
	 * Ends a probe build once the {@code HttpClient} is complete, before the connector or
	 * request factory is created and customized.
	 */
	private static final class Probed extends RuntimeException {

		private final transient ConnectionProvider provider;

		Probed(ConnectionProvider provider) {
			super(null, null, false, false);
			this.provider = provider;
		}

	}

	@Override
	public boolean routes(ClientHttpRequestFactoryBuilder<?> base) {
		return base instanceof ReactorClientHttpRequestFactoryBuilder;
	}

	@Override
	public boolean routes(ClientHttpConnectorBuilder<?> base) {
		return base instanceof ReactorClientHttpConnectorBuilder;
	}

}
