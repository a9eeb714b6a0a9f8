package io.github.loopbackfastpath.unix;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

import io.github.loopbackfastpath.test.TestPaths;

/**
 * Run in a JVM of its own by {@link UnixSocketTransportTests}, whose name service (a
 * {@code jdk.net.hosts.file}) resolves the host given as argument to {@code 127.0.0.1}:
 * prints what a lookup of that host gives, then whether the transport routes a connection
 * to it, unresolved.
 */
public final class HostLookupProbe {

	private HostLookupProbe() {
	}

	public static void main(String[] args) throws Exception {
		String host = args[0];
		System.out.println("lookup=" + InetAddress.getByName(host).getHostAddress());
		UnixSocketTransport transport = UnixSocketTransport
			.ofRoutes(Map.of(15001, TestPaths.absolute("run", "envoy.sock")), OnUnavailable.TCP);
		// Unresolved, as Reactor Netty and Apache HttpClient pass it.
		System.out.println("routed=" + (transport.route(InetSocketAddress.createUnresolved(host, 15001)) != null));
	}

}
