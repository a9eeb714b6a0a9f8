package com.example.unixroutehttpclient5;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sidecar that listens only on a Unix socket, on the JDK alone: the test helper of the same
 * name in the starter's test-jar runs on Reactor Netty, which this application must not have. It
 * answers every HTTP/1.1 request with {@code unix-pong} on a kept-alive connection and records
 * the {@code Host} header of each request and each connection it accepts.
 */
final class UnixOnlySidecar implements AutoCloseable {

	static final String BODY = "unix-pong";

	private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
			+ BODY.length() + "\r\n\r\n" + BODY)
		.getBytes(StandardCharsets.US_ASCII);

	private final Path path;

	private final ServerSocketChannel server;

	private final List<String> hosts = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private UnixOnlySidecar(Path path) throws IOException {
		this.path = path;
		this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		this.server.bind(UnixDomainSocketAddress.of(path));
		Thread acceptor = new Thread(this::accept, "unix-only-sidecar");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	static UnixOnlySidecar start(Path path) throws IOException {
		return new UnixOnlySidecar(path);
	}

	/**
	 * A TCP port nothing listens on now, on {@code 127.0.0.1}.
	 */
	static int unusedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	List<String> hosts() {
		return List.copyOf(this.hosts);
	}

	int connections() {
		return this.connections.get();
	}

	private void accept() {
		while (this.server.isOpen()) {
			try {
				SocketChannel connection = this.server.accept();
				this.connections.incrementAndGet();
				Thread handler = new Thread(() -> serve(connection), "unix-only-sidecar-connection");
				handler.setDaemon(true);
				handler.start();
			}
			catch (IOException ex) {
				// Closed: the sidecar stops.
				return;
			}
		}
	}

	private void serve(SocketChannel connection) {
		try (connection;
				BufferedReader in = new BufferedReader(
						new InputStreamReader(Channels.newInputStream(connection), StandardCharsets.US_ASCII))) {
			OutputStream out = Channels.newOutputStream(connection);
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				if (line.isEmpty()) {
					// The end of a request's headers: these requests are GETs without a body.
					out.write(RESPONSE);
					out.flush();
				}
				else if (line.toLowerCase(Locale.ROOT).startsWith("host:")) {
					this.hosts.add(line.substring(5).trim());
				}
			}
		}
		catch (IOException ex) {
			// The client closed the connection.
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		Files.deleteIfExists(this.path);
	}

}
