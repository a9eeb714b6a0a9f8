package io.github.loopbackfastpath.unix.httpcomponents;

import io.github.loopbackfastpath.unix.UnixRouteClients;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;

/**
 * Apache HttpClient 5 request factories where junixsocket, the socket of the Apache
 * route, is not on the class path (an application that depends on the autoconfigure
 * module without the starter, or excludes it): they go over TCP and are reported as not
 * covered, with the dependency to add. Names no junixsocket type.
 */
public final class UnixHttpComponentsNotCovered implements UnixRouteClients {

	/** What to say about the Apache request factories. */
	public static final String REASON = "Apache HttpClient on the Unix-socket routes needs junixsocket, so requests "
			+ "to routed ports go over TCP; add com.kohlschutter.junixsocket:junixsocket-core:2.10.1 "
			+ "(<type>pom</type>), which loopback-fastpath-spring-boot-starter brings in";

	private final UnixSocketTransport transport;

	/**
	 * Creates the report.
	 * @param transport the routes, whose status lists the request factories
	 */
	public UnixHttpComponentsNotCovered(UnixSocketTransport transport) {
		this.transport = transport;
	}

	@Override
	public @Nullable ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder(ClientHttpRequestFactoryBuilder<?> base,
			ClientHttpRequestFactoryBuilder<?> tcp, String component) {
		if (!(base instanceof HttpComponentsClientHttpRequestFactoryBuilder)) {
			return null;
		}
		this.transport.coverage().notCovered(component, base.getClass().getSimpleName() + ": " + REASON);
		return tcp;
	}

	@Override
	public @Nullable ClientHttpConnectorBuilder<?> connectorBuilder(ClientHttpConnectorBuilder<?> base,
			ClientHttpConnectorBuilder<?> tcp, String component) {
		return null;
	}

	@Override
	public boolean routes(ClientHttpRequestFactoryBuilder<?> base) {
		return false;
	}

	@Override
	public boolean routes(ClientHttpConnectorBuilder<?> base) {
		return false;
	}

}
