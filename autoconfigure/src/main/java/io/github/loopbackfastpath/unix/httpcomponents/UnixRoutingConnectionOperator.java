package io.github.loopbackfastpath.unix.httpcomponents;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.github.loopbackfastpath.unix.UnixPeer;
import io.github.loopbackfastpath.unix.UnixRoute;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketCredentials;

/**
 * HttpClient's connection operator with the Unix-socket routes: the connection manager
 * asks it to open each new connection (never a pooled one), and it decides there where
 * that connection goes. A direct {@code http} connection to a loopback host
 * ({@code localhost} or a loopback literal, never a resolved name) on a routed port (80
 * where the URL has none) is connected to the route's socket, a junixsocket
 * {@link AFUNIXSocket}, and bound to the connection; everything else, {@code https}
 * always, goes to the wrapped operator: TCP, with the fast path where it applies.
 * <p>
 * Falling back is decided here, before a byte is written: when the socket file is missing
 * or refuses the connect, {@code on-unavailable=tcp} counts a fallback and the same
 * connection is opened over TCP by the wrapped operator; {@code fail} fails it with a
 * {@code UnixSocketUnavailableException} naming the path. A route that expects a peer has
 * it read (junixsocket's {@code getPeerCredentials()}) once the socket connects, and a
 * refused one fails the connection with a {@code UnixSocketPeerException}, before
 * HttpClient writes anything and without a fallback. Whatever happens on the connection
 * afterwards is the request's, as over TCP: a request is written once, to the connection
 * HttpClient opened, and HttpClient's redirects and retries open their own connections
 * through this operator again.
 * <p>
 * Each overload that {@code PoolingHttpClientConnectionManager} calls is overridden: the
 * one with a {@code NamedEndpoint} (HttpClient 5.4 and 5.5), the one with a Unix socket
 * {@code Path} as well (5.6, which passes {@code null} unless the application chose a
 * socket itself with {@code RequestConfig}; such a connection is left to HttpClient), and
 * the original one. {@code upgrade} (TLS over a proxy tunnel) is passed on: tunnelled
 * connections go through a proxy and are never routed.
 */
final class UnixRoutingConnectionOperator implements HttpClientConnectionOperator {

	private final HttpClientConnectionOperator tcp;

	private final UnixSocketTransport transport;

	private final SocketFileCheck files;

	UnixRoutingConnectionOperator(HttpClientConnectionOperator tcp, UnixSocketTransport transport,
			SocketFileCheck files) {
		this.tcp = tcp;
		this.transport = transport;
		this.files = files;
	}

	@Override
	public void connect(ManagedHttpClientConnection conn, HttpHost host, @Nullable InetSocketAddress localAddress,
			@Nullable TimeValue connectTimeout, SocketConfig socketConfig, HttpContext context) throws IOException {
		UnixRoute route = route(host, null, socketConfig, context);
		if (route == null || !connectRoute(conn, route, connectTimeout, socketConfig)) {
			this.tcp.connect(conn, host, localAddress, connectTimeout, socketConfig, context);
		}
	}

	@Override
	public void connect(ManagedHttpClientConnection conn, HttpHost host, @Nullable NamedEndpoint endpointName,
			@Nullable InetSocketAddress localAddress, @Nullable Timeout connectTimeout, SocketConfig socketConfig,
			@Nullable Object attachment, HttpContext context) throws IOException {
		UnixRoute route = route(host, endpointName, socketConfig, context);
		if (route == null || !connectRoute(conn, route, connectTimeout, socketConfig)) {
			this.tcp.connect(conn, host, endpointName, localAddress, connectTimeout, socketConfig, attachment, context);
		}
	}

	@Override
	public void connect(ManagedHttpClientConnection conn, HttpHost host, @Nullable NamedEndpoint endpointName,
			@Nullable Path unixDomainSocket, @Nullable InetSocketAddress localAddress, @Nullable Timeout connectTimeout,
			SocketConfig socketConfig, @Nullable Object attachment, HttpContext context) throws IOException {
		UnixRoute route = (unixDomainSocket == null) ? route(host, endpointName, socketConfig, context) : null;
		if (route == null || !connectRoute(conn, route, connectTimeout, socketConfig)) {
			this.tcp.connect(conn, host, endpointName, unixDomainSocket, localAddress, connectTimeout, socketConfig,
					attachment, context);
		}
	}

	@Override
	public void upgrade(ManagedHttpClientConnection conn, HttpHost host, HttpContext context) throws IOException {
		this.tcp.upgrade(conn, host, context);
	}

	@Override
	public void upgrade(ManagedHttpClientConnection conn, HttpHost host, @Nullable NamedEndpoint endpointName,
			@Nullable Object attachment, HttpContext context) throws IOException {
		this.tcp.upgrade(conn, host, endpointName, attachment, context);
	}

	/**
	 * The route of a connection to {@code host}, or {@code null} for TCP.
	 * @param host the first hop: the target, or a proxy when there is one
	 * @param endpointName the target ({@code null} from the original overload, and for a
	 * plain route through a proxy)
	 * @param context the request's context, marked by {@link ProxiedHops}
	 */
	private @Nullable UnixRoute route(HttpHost host, @Nullable NamedEndpoint endpointName, SocketConfig socketConfig,
			@Nullable HttpContext context) {
		// https never goes over a route: TLS to a sidecar on the same host stays on TCP.
		if (!URIScheme.HTTP.same(host.getSchemeName()) || socketConfig.getSocksProxyAddress() != null) {
			return null;
		}
		// Only direct connections take a route, never one to a proxy, even on a routed
		// port. Through a proxy the first hop is the proxy; the endpoint is the target
		// where HttpClient names it (a tunnel), and ProxiedHops marks every proxied hop.
		if (ProxiedHops.isProxied(context)) {
			return null;
		}
		if (endpointName != null && (endpointName.getPort() != host.getPort()
				|| !endpointName.getHostName().equalsIgnoreCase(host.getHostName()))) {
			return null;
		}
		// By the name as written (an address the application resolved itself does not
		// count): localhost or a loopback literal, never a name that resolves to one.
		int port = (host.getPort() >= 0) ? host.getPort() : 80;
		return this.transport.route(InetSocketAddress.createUnresolved(host.getHostName(), port));
	}

	/**
	 * Connects a connection to its route's socket.
	 * @return {@code true} when connected, {@code false} when the socket is unavailable
	 * and the connection is to go over TCP (counted as a fallback)
	 * @throws IOException when the connect failed for another reason, or a
	 * {@code UnixSocketUnavailableException} with {@code on-unavailable=fail}
	 */
	private boolean connectRoute(ManagedHttpClientConnection conn, UnixRoute route, @Nullable TimeValue connectTimeout,
			SocketConfig socketConfig) throws IOException {
		AFUNIXSocket socket = AFUNIXSocket.newInstance();
		try {
			// Bound before the connect, as HttpClient's own operator does: closing the
			// connection (an aborted request) also ends a connect in progress.
			conn.bind(socket);
			int timeout = (connectTimeout != null && TimeValue.isPositive(connectTimeout))
					? connectTimeout.toMillisecondsIntBound() : 0;
			// junixsocket 2.10 passes connect's timeout on to virtual threads only; a
			// blocking AF_UNIX connect waits for room in a full accept queue as long as
			// SO_SNDTIMEO allows (Linux), which junixsocket sets with SO_TIMEOUT.
			socket.setSoTimeout(timeout);
			socket.connect(AFUNIXSocketAddress.of(route.path()), timeout);
		}
		catch (IOException ex) {
			closeQuietly(socket);
			if (!isUnavailable(route, ex)) {
				throw ex;
			}
			this.transport.availability().unavailable(route, ex);
			return false;
		}
		try {
			// Before a byte is written: a socket taken over by another user's process
			// gets nothing, and the connection fails without falling back.
			route.checkPeer(() -> peer(socket));
			configure(socket, socketConfig);
			conn.bind(socket);
		}
		catch (IOException | RuntimeException ex) {
			closeQuietly(socket);
			throw ex;
		}
		route.connectionOpened();
		return true;
	}

	/**
	 * Whether a failed connect means that the socket is unavailable: any failure of the
	 * connect itself, since nothing was written on a connection that never connected.
	 * junixsocket (like the JDK) reports a missing file, a stale socket (nobody listens)
	 * and a socket this process may not use as plain {@code SocketException}s with the
	 * OS's message, in the OS's language, so the message is never read; the file is
	 * looked for once, only now that a connect failed, to tell the log what is there. A
	 * connect that timed out found a socket that did not accept in time: the connection's
	 * own failure, as over TCP.
	 */
	private boolean isUnavailable(UnixRoute route, IOException failure) {
		if (failure instanceof SocketTimeoutException) {
			return false;
		}
		if (failure instanceof ConnectException || failure instanceof FileNotFoundException
				|| failure instanceof NoSuchFileException) {
			return true;
		}
		if (!this.files.exists(route.path())) {
			return true;
		}
		return failure instanceof SocketException;
	}

	/**
	 * Applies what HttpClient 5.6's operator applies to its own Unix-domain sockets: the
	 * read timeout, buffer sizes and linger (passed as HttpClient passes it to its TCP
	 * sockets, so that both behave alike). {@code TCP_NODELAY}, keep-alive and address
	 * reuse are TCP's.
	 */
	private static void configure(AFUNIXSocket socket, SocketConfig socketConfig) throws IOException {
		// Replaces the connect timeout in any case. junixsocket applies SO_TIMEOUT to
		// writes as well as reads.
		Timeout soTimeout = socketConfig.getSoTimeout();
		socket.setSoTimeout((soTimeout != null) ? soTimeout.toMillisecondsIntBound() : 0);
		if (socketConfig.getRcvBufSize() > 0) {
			socket.setReceiveBufferSize(socketConfig.getRcvBufSize());
		}
		if (socketConfig.getSndBufSize() > 0) {
			socket.setSendBufferSize(socketConfig.getSndBufSize());
		}
		TimeValue linger = socketConfig.getSoLinger();
		if (linger != null && linger.toMillisecondsIntBound() >= 0) {
			socket.setSoLinger(true, linger.toMillisecondsIntBound());
		}
	}

	private static UnixPeer peer(AFUNIXSocket socket) throws IOException {
		AFUNIXSocketCredentials credentials = socket.getPeerCredentials();
		if (credentials == null) {
			throw new IOException("junixsocket cannot read peer credentials on this operating system");
		}
		return UnixPeer.of(credentials.getUid(), credentials.getGid());
	}

	private static void closeQuietly(AFUNIXSocket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closed as far as it can be; the connect's failure is what is reported.
		}
	}

}
