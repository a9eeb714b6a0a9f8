package io.github.loopbackfastpath.unix;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.util.function.Function;

import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;

/**
 * Apache HttpClient 5 (classic) clients of a route, on HttpClient's own Unix-socket
 * support (5.6+): the application's builder with the route's socket as the default
 * request configuration's {@code unixDomainSocket}. HttpClient then connects every
 * request of that client to the socket and keeps the URL, and so the {@code Host} header;
 * its pool holds the connections under a route that includes the socket. The reactive
 * (async) connector is not routed.
 */
public final class UnixHttpComponentsClients implements UnixRouteClients {

	@Override
	public @Nullable Function<UnixRoute, ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilders(
			ClientHttpRequestFactoryBuilder<?> base) {
		if (!(base instanceof HttpComponentsClientHttpRequestFactoryBuilder apache)) {
			return null;
		}
		return (route) -> apache
			.withDefaultRequestConfigCustomizer((config) -> config.setUnixDomainSocket(route.path()))
			.withConnectionManagerCustomizer((manager) -> manager.setConnectionFactory(counting(route)));
	}

	@Override
	public @Nullable Function<UnixRoute, ClientHttpConnectorBuilder<?>> connectorBuilders(
			ClientHttpConnectorBuilder<?> base) {
		return null;
	}

	/**
	 * HttpClient's connection factory, counting connections once their socket is
	 * connected: the connection operator binds a connection to its socket before and
	 * again after {@code connect}.
	 */
	private static HttpConnectionFactory<ManagedHttpClientConnection> counting(UnixRoute route) {
		return (socket) -> {
			ManagedHttpClientConnection connection = ManagedHttpClientConnectionFactory.INSTANCE
				.createConnection(socket);
			InvocationHandler handler = (proxy, method, args) -> {
				if (method.getName().equals("bind") && args != null && args.length == 1
						&& args[0] instanceof Socket bound && bound.isConnected()) {
					route.connectionOpened();
				}
				try {
					return method.invoke(connection, args);
				}
				catch (InvocationTargetException ex) {
					throw ex.getCause();
				}
			};
			return (ManagedHttpClientConnection) Proxy.newProxyInstance(
					UnixHttpComponentsClients.class.getClassLoader(),
					new Class<?>[] { ManagedHttpClientConnection.class }, handler);
		};
	}

}
