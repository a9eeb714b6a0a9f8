package io.github.loopbackfastpath.unix.netty;

import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.loopbackfastpath.unix.UnixRoute;
import io.github.loopbackfastpath.unix.UnixRouteAvailability;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.github.loopbackfastpath.unix.UnixSocketUnavailableException;
import io.netty.resolver.AddressResolverGroup;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientConfig;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.ProxyProvider;
import reactor.netty.transport.TransportConfig;

/**
 * A Reactor Netty {@link ConnectionProvider} that decides for each new connection whether
 * it goes to a route's Unix socket or over TCP, around the provider (and so the pool) of
 * the client:
 * {@code HttpClient.create(new UnixRouteConnectionProvider(provider, transport))}.
 * <p>
 * Reactor Netty 1.3 asks its provider for a connection once per connection attempt, the
 * first request's and each redirect's and retry's, with the target of the URL as an
 * unresolved address and the TLS settings already fitted to its scheme
 * ({@code HttpClientConnect.MonoHttpConnect}: no {@code sslProvider} for {@code http}).
 * When that target is a routed loopback port, the URL is {@code http}, and no proxy takes
 * it, the connection is acquired from the same provider for the route's socket address:
 * the pool keeps those connections apart from the TCP ones, Reactor Netty's
 * {@code TransportConnector} opens a Unix-domain channel for it (Netty's
 * {@code NioDomainSocketChannel} on NIO, epoll's or kqueue's on the native transports),
 * and a pooled connection is reused as it is, with no look at the file. Only when the
 * connect to the socket fails and the failure says it is unavailable (missing, nobody
 * accepts) does {@link io.github.loopbackfastpath.unix.UnixRouteAvailability#unavailable}
 * decide: with {@code on-unavailable=tcp} the connection is acquired for the TCP address
 * instead (a fallback, counted), with {@code fail} the request fails naming the path.
 * Both happen before the request is written, so nothing is sent twice; the URL, the
 * {@code Host} header, redirects, retries, timeouts and everything else stay Reactor
 * Netty's own.
 * <p>
 * A route that expects a peer ({@code loopback.fastpath.unix.peers.<port>}) has it
 * checked by the client's channel initializer, between the connect and the completion of
 * its future: create clients with {@link UnixReactorNettyClients#routed}, which installs
 * it, rather than {@code HttpClient.create} alone. A refused peer fails the acquire with
 * a {@link io.github.loopbackfastpath.unix.UnixSocketPeerException}, never a fallback.
 * <p>
 * HTTP/2 over cleartext ({@code HttpProtocol.H2C}) has a provider of Reactor Netty's own
 * built from this one's settings, and goes over TCP.
 */
public final class UnixRouteConnectionProvider implements ConnectionProvider {

	private final ConnectionProvider delegate;

	private final UnixSocketTransport transport;

	private final Predicate<Path> fileExists;

	private final Map<Path, SocketAddress> nioAddresses = new ConcurrentHashMap<>();

	private final Map<Path, SocketAddress> nativeAddresses = new ConcurrentHashMap<>();

	/**
	 * Creates the provider.
	 * @param delegate the provider whose pool keeps both the Unix-socket and the TCP
	 * connections
	 * @param transport the routes
	 */
	public UnixRouteConnectionProvider(ConnectionProvider delegate, UnixSocketTransport transport) {
		this(delegate, transport, Files::exists);
	}

	UnixRouteConnectionProvider(ConnectionProvider delegate, UnixSocketTransport transport,
			Predicate<Path> fileExists) {
		this.delegate = delegate;
		this.transport = transport;
		this.fileExists = fileExists;
	}

	/**
	 * The provider this one routes around.
	 * @return the delegate
	 */
	public ConnectionProvider delegate() {
		return this.delegate;
	}

	@Override
	public Mono<? extends Connection> acquire(TransportConfig config, ConnectionObserver observer,
			@Nullable Supplier<? extends SocketAddress> remote, @Nullable AddressResolverGroup<?> resolver) {
		UnixRoute route = route(config, remote);
		if (route == null) {
			return this.delegate.acquire(config, observer, remote, resolver);
		}
		SocketAddress socket = socketAddress(route, config.isPreferNative());
		return this.delegate.acquire(config, observer.then(new RouteObserver(route, config)), () -> socket, resolver)
			.cast(Connection.class)
			.onErrorResume((ex) -> UnixRouteAvailability.isUnavailableOnConnect(route, ex, this.fileExists),
					(ex) -> fallBack(route, ex, config, observer, remote, resolver));
	}

	/**
	 * Nothing is written to a connection before it is acquired: after a failed connect to
	 * the socket the request goes over TCP, or fails, whole.
	 */
	private Mono<Connection> fallBack(UnixRoute route, Throwable cause, TransportConfig config,
			ConnectionObserver observer, @Nullable Supplier<? extends SocketAddress> remote,
			@Nullable AddressResolverGroup<?> resolver) {
		try {
			this.transport.availability().unavailable(route, cause);
		}
		catch (UnixSocketUnavailableException ex) {
			return Mono.error(ex);
		}
		return this.delegate.acquire(config, observer, remote, resolver).cast(Connection.class);
	}

	private @Nullable UnixRoute route(TransportConfig config, @Nullable Supplier<? extends SocketAddress> remote) {
		if (remote == null || !(config instanceof HttpClientConfig http) || http.sslProvider() != null) {
			return null;
		}
		SocketAddress address = remote.get();
		UnixRoute route = this.transport.route(address);
		if (route == null) {
			return null;
		}
		ProxyProvider proxy = http.proxyProvider();
		return (proxy != null && proxy.shouldProxy(address)) ? null : route;
	}

	private SocketAddress socketAddress(UnixRoute route, boolean preferNative) {
		Map<Path, SocketAddress> addresses = preferNative ? this.nativeAddresses : this.nioAddresses;
		return addresses.computeIfAbsent(route.path(), (path) -> NettyDomainSocketAddresses.of(path, preferNative));
	}

	@Override
	public void disposeWhen(SocketAddress address) {
		this.delegate.disposeWhen(address);
	}

	@Override
	public void dispose() {
		this.delegate.dispose();
	}

	@Override
	public Mono<Void> disposeLater() {
		return this.delegate.disposeLater();
	}

	@Override
	public boolean isDisposed() {
		return this.delegate.isDisposed();
	}

	@Override
	public int maxConnections() {
		return this.delegate.maxConnections();
	}

	@Override
	public @Nullable Map<SocketAddress, Integer> maxConnectionsPerHost() {
		return this.delegate.maxConnectionsPerHost();
	}

	@Override
	public @Nullable Builder mutate() {
		return this.delegate.mutate();
	}

	@Override
	public @Nullable String name() {
		return this.delegate.name();
	}

	/**
	 * The provider of a client, as {@link HttpClient#create(ConnectionProvider)} takes
	 * it: the routing provider itself is never wrapped twice.
	 * @param client a client
	 * @return the provider its connections come from, without routing
	 */
	static ConnectionProvider unrouted(HttpClient client) {
		ConnectionProvider provider = client.configuration().connectionProvider();
		return (provider instanceof UnixRouteConnectionProvider routing) ? routing.delegate() : provider;
	}

	/**
	 * Counts the Unix-socket connections the pool opens, keeps their request line at
	 * {@code HTTP/1.1} and gives them a send buffer like TCP's ({@link RouteSendBuffer}).
	 */
	private static final class RouteObserver implements ConnectionObserver {

		private final UnixRoute route;

		private final TransportConfig config;

		RouteObserver(UnixRoute route, TransportConfig config) {
			this.route = route;
			this.config = config;
		}

		@Override
		public void onStateChange(Connection connection, State state) {
			// CONNECTED once per new connection; a pooled connection is ACQUIRED again.
			if (state == State.CONNECTED) {
				this.route.connectionOpened();
				Http11RequestLine.install(connection.channel());
				RouteSendBuffer.apply(connection.channel(), this.config.options());
			}
		}

	}

}
