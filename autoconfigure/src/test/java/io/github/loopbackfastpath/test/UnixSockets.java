package io.github.loopbackfastpath.test;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Plain AF_UNIX sockets for the tests that look beneath the clients: a connection to a
 * socket file, one raw HTTP/1.1 request, a socket whose accept queue is full, and the
 * descriptors this JVM holds open.
 */
public final class UnixSockets {

	private UnixSockets() {
	}

	/**
	 * A blocking connection to a Unix socket.
	 * @param socket the socket file
	 * @return the connected channel
	 * @throws IOException when the connect fails (the channel is closed then)
	 */
	public static SocketChannel connect(Path socket) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			channel.connect(UnixDomainSocketAddress.of(socket));
			return channel;
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
	}

	/**
	 * One HTTP/1.1 request, {@code Host: localhost}, on a connection of its own to a Unix
	 * socket, read to the end.
	 * @param socket the socket file
	 * @param path the request path
	 * @return the whole response, status line and headers included
	 */
	public static String get(Path socket, String path) {
		try (SocketChannel channel = connect(socket)) {
			return get(channel, "localhost", path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One HTTP/1.1 request with {@code Connection: close} on a connected blocking channel
	 * (Unix or TCP), read until the server closes the connection.
	 * @param channel the channel
	 * @param host the {@code Host} header
	 * @param path the request path
	 * @return the whole response, status line and headers included
	 * @throws IOException when writing or reading fails
	 */
	public static String get(SocketChannel channel, String host, String path) throws IOException {
		channel.write(StandardCharsets.US_ASCII
			.encode("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"));
		ByteArrayOutputStream response = new ByteArrayOutputStream();
		ByteBuffer buffer = ByteBuffer.allocate(8192);
		while (channel.read(buffer) >= 0) {
			response.write(buffer.array(), 0, buffer.position());
			buffer.clear();
		}
		return response.toString(StandardCharsets.US_ASCII);
	}

	/**
	 * A Unix socket that never accepts, with its accept queue full: Linux queues backlog
	 * + 1 connections and lets the next connect wait (BSD and macOS refuse it at once).
	 * @param socket the socket file to create
	 * @return the listening socket and the two queued connections, closed together
	 * @throws IOException when binding or connecting fails
	 */
	public static Closeable fullAcceptQueue(Path socket) throws IOException {
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		SocketChannel first = SocketChannel.open(StandardProtocolFamily.UNIX);
		SocketChannel second = SocketChannel.open(StandardProtocolFamily.UNIX);
		Closeable all = () -> {
			try {
				second.close();
				first.close();
			}
			finally {
				server.close();
			}
		};
		try {
			server.bind(UnixDomainSocketAddress.of(socket), 1);
			first.connect(UnixDomainSocketAddress.of(socket));
			second.connect(UnixDomainSocketAddress.of(socket));
			return all;
		}
		catch (IOException ex) {
			all.close();
			throw ex;
		}
	}

	/**
	 * Open descriptors of this JVM of the kinds that connections and selectors use
	 * (sockets, epoll and event descriptors, pipes), from {@code /proc/self/fd}: Linux
	 * only.
	 * @return how many there are now
	 * @throws IOException when {@code /proc/self/fd} cannot be listed
	 */
	public static long openDescriptors() throws IOException {
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			return descriptors.map((descriptor) -> {
				try {
					return Files.readSymbolicLink(descriptor).toString();
				}
				catch (IOException ex) {
					// Closed while listed (the listing's own descriptor, for one).
					return "";
				}
			})
				.filter((target) -> target.startsWith("socket:") || target.startsWith("anon_inode:")
						|| target.startsWith("pipe:"))
				.count();
		}
	}

}
