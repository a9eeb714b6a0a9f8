package io.github.loopbackfastpath.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP server standing in for a sidecar: it answers {@code pong} and remembers
 * the client port of every request, so tests can tell which client socket carried it.
 * Built on the JDK's server, which the starter never hooks.
 */
public final class SidecarStub implements AutoCloseable {

	private final HttpServer server;

	private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();

	private final List<String> testHeaders = new CopyOnWriteArrayList<>();

	/**
	 * A header tests set through their clients' customizers; the stub records its values.
	 */
	public static final String TEST_HEADER = "X-Loopback-Test";

	private SidecarStub(HttpServer server) {
		this.server = server;
	}

	/**
	 * Starts a stub on a loopback address and a free port.
	 * @param host {@code 127.0.0.1} or {@code ::1}
	 * @return the running stub
	 * @throws IOException when it cannot bind
	 */
	public static SidecarStub start(String host) throws IOException {
		InetAddress address = InetAddress.getByName(host);
		if (!address.isLoopbackAddress()) {
			throw new IllegalArgumentException("Tests only listen on loopback, not " + host);
		}
		HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 50);
		SidecarStub stub = new SidecarStub(server);
		server.createContext("/", (exchange) -> {
			stub.clientPorts.add(exchange.getRemoteAddress().getPort());
			exchange.getRequestHeaders().getOrDefault(TEST_HEADER, List.of()).forEach(stub.testHeaders::add);
			byte[] body = "pong".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		return stub;
	}

	/**
	 * The stub's base URL.
	 * @return for example {@code http://127.0.0.1:41234}
	 */
	public String url() {
		InetSocketAddress address = this.server.getAddress();
		String host = address.getAddress().getHostAddress();
		return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
	}

	/**
	 * The stub's port.
	 * @return the port
	 */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * The client port of each request so far, in order.
	 * @return the ports
	 */
	public List<Integer> clientPorts() {
		return List.copyOf(this.clientPorts);
	}

	/**
	 * The values of {@link #TEST_HEADER} received so far, in order.
	 * @return the values
	 */
	public List<String> testHeaders() {
		return List.copyOf(this.testHeaders);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
