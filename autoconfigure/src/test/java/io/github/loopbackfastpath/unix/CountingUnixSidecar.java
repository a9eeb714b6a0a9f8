package io.github.loopbackfastpath.unix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A sidecar of this process (so of this user) on a Unix socket that records how many
 * bytes each connection brought before its request headers ended or it closed, and
 * answers {@code 200 peer} to a request.
 */
final class CountingUnixSidecar implements AutoCloseable {

	/** The body of every answer. */
	static final String BODY = "peer";

	private static final int MAX_CONNECTIONS = 64;

	private final ServerSocketChannel server;

	private final Path path;

	private final BlockingQueue<Long> received = new LinkedBlockingQueue<>();

	private final Thread acceptor;

	private CountingUnixSidecar(ServerSocketChannel server, Path path) {
		this.server = server;
		this.path = path;
		this.acceptor = new Thread(this::serve, "counting-unix-sidecar");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	static CountingUnixSidecar start(Path path) throws IOException {
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		server.bind(UnixDomainSocketAddress.of(path));
		return new CountingUnixSidecar(server, path);
	}

	private void serve() {
		for (int i = 0; i < MAX_CONNECTIONS; i++) {
			try (SocketChannel connection = this.server.accept()) {
				long total = 0;
				ByteBuffer buffer = ByteBuffer.allocate(65536);
				StringBuilder text = new StringBuilder();
				boolean headers = false;
				while (!headers) {
					buffer.clear();
					int read = connection.read(buffer);
					if (read < 0) {
						break;
					}
					total += read;
					text.append(new String(buffer.array(), 0, read, StandardCharsets.ISO_8859_1));
					headers = text.indexOf("\r\n\r\n") >= 0;
				}
				if (headers) {
					connection.write(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Length: " + BODY.length()
							+ "\r\nConnection: close\r\n\r\n" + BODY)
						.getBytes(StandardCharsets.ISO_8859_1)));
				}
				this.received.add(total);
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	/**
	 * The bytes the next connection brought, waiting for it to end.
	 */
	long nextConnectionBytes() throws InterruptedException {
		Long bytes = this.received.poll(60, TimeUnit.SECONDS);
		if (bytes == null) {
			throw new AssertionError("No connection reached the sidecar at " + this.path);
		}
		return bytes;
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		Files.deleteIfExists(this.path);
	}

}
