package io.github.loopbackfastpath.unix;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Function;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.ConnectionObserver;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ReactorClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpResponse;

/**
 * Reactor Netty clients of a route: the application's {@link HttpClient}, with every
 * customization, connecting to the route's socket ({@link HttpClient#remoteAddress}).
 * Reactor Netty connects to that address only for a request without scheme and host, so
 * the request is handed over with the URL's path and query, and the {@code Host} header
 * of the full URL. Connections are pooled by Reactor Netty under the socket address.
 * Works on the NIO transport (the JDK's AF_UNIX support) and on Netty's native
 * transports.
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
		if (!(base instanceof ReactorClientHttpRequestFactoryBuilder reactor)) {
			return null;
		}
		Function<UnixRoute, ClientHttpRequestFactoryBuilder<?>> routes = (route) -> {
			ReactorClientHttpRequestFactoryBuilder routed = reactor
				.withHttpClientCustomizer((client) -> route(client, route));
			return (settings) -> new OriginFormRequestFactory(routed.build(settings));
		};
		return (settings) -> new UnixRoutingRequestFactory(this.transport, tcp.build(settings),
				(route) -> routes.apply(route).build(settings));
	}

	@Override
	public @Nullable ClientHttpConnectorBuilder<?> connectorBuilder(ClientHttpConnectorBuilder<?> base,
			ClientHttpConnectorBuilder<?> tcp, String component) {
		if (!(base instanceof ReactorClientHttpConnectorBuilder reactor)) {
			return null;
		}
		Function<UnixRoute, ClientHttpConnectorBuilder<?>> routes = (route) -> {
			ReactorClientHttpConnectorBuilder routed = reactor
				.withHttpClientCustomizer((client) -> route(client, route));
			return (settings) -> new OriginFormConnector(routed.build(settings));
		};
		return (settings) -> new UnixRoutingConnector(this.transport, tcp.build(settings),
				(route) -> routes.apply(route).build(settings));
	}

	/**
	 * A client that connects to a route's socket for requests given without scheme and
	 * host.
	 * @param client the client
	 * @param route the route
	 * @return the client, connecting to the socket and counting the connections it opens
	 */
	public static HttpClient route(HttpClient client, UnixRoute route) {
		return unixSocket(client, route.path()).observe((connection, state) -> {
			// CONNECTED once per new connection; a pooled connection is ACQUIRED again.
			if (state == ConnectionObserver.State.CONNECTED) {
				route.connectionOpened();
			}
		});
	}

	/**
	 * A client that connects to a Unix socket for requests given without scheme and host
	 * ({@code client.get().uri("/path")}), on whichever transport it runs, with an
	 * {@code HTTP/1.1} request line.
	 * @param client the client
	 * @param path the socket path
	 * @return the client
	 */
	public static HttpClient unixSocket(HttpClient client, Path path) {
		boolean preferNative = client.configuration().isPreferNative();
		return client.remoteAddress(() -> NettyDomainSocketAddresses.of(path, preferNative))
			.doOnChannelInit((observer, channel, remote) -> Http11RequestLine.install(channel.pipeline()));
	}

	/**
	 * The request target without scheme and host: {@code /path?query}.
	 * @param uri the full URL
	 * @return the path and query
	 */
	static URI originForm(URI uri) {
		String path = (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) ? uri.getRawPath() : "/";
		return URI.create((uri.getRawQuery() != null) ? path + "?" + uri.getRawQuery() : path);
	}

	/**
	 * The {@code Host} header a client sends for a URL: its host and, when given, its
	 * port.
	 * @param uri the full URL
	 * @return for example {@code 127.0.0.1:15001} or {@code [::1]:15001}
	 */
	static String host(URI uri) {
		return (uri.getPort() != -1) ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
	}

	private static final class OriginFormRequestFactory implements ClientHttpRequestFactory {

		private final ClientHttpRequestFactory delegate;

		OriginFormRequestFactory(ClientHttpRequestFactory delegate) {
			this.delegate = delegate;
		}

		@Override
		public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
			ClientHttpRequest request = this.delegate.createRequest(originForm(uri), httpMethod);
			request.getHeaders().set(HttpHeaders.HOST, host(uri));
			return request;
		}

	}

	private static final class OriginFormConnector implements ClientHttpConnector {

		private final ClientHttpConnector delegate;

		OriginFormConnector(ClientHttpConnector delegate) {
			this.delegate = delegate;
		}

		@Override
		public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
				Function<? super org.springframework.http.client.reactive.ClientHttpRequest, Mono<Void>> requestCallback) {
			String host = host(uri);
			return this.delegate.connect(method, originForm(uri), (request) -> {
				request.getHeaders().set(HttpHeaders.HOST, host);
				return requestCallback.apply(request);
			});
		}

	}

	/**
	 * Keeps the request line at {@code HTTP/1.1} on the NIO transport. Reactor Netty 1.3
	 * picks the request's HTTP version from the channel type, and takes a channel that is
	 * neither a TCP {@code SocketChannel} nor a native {@code DomainSocketChannel}, such
	 * as Netty's {@code NioDomainSocketChannel}, for HTTP/3: it would send
	 * {@code GET / HTTP/3.0}, which strict servers (nginx: 505) refuse. Sits after the
	 * HTTP codec, so it sees the request object before it is encoded.
	 */
	@ChannelHandler.Sharable
	static final class Http11RequestLine extends ChannelOutboundHandlerAdapter {

		private static final String NAME = "loopback.fastpath.unix.http11";

		private static final Http11RequestLine INSTANCE = new Http11RequestLine();

		static void install(ChannelPipeline pipeline) {
			if (pipeline.get(NAME) != null) {
				return;
			}
			if (pipeline.get(NettyPipeline.HttpCodec) != null) {
				pipeline.addAfter(NettyPipeline.HttpCodec, NAME, INSTANCE);
			}
			else {
				pipeline.addLast(NAME, INSTANCE);
			}
		}

		@Override
		public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
			if (message instanceof HttpRequest request && request.protocolVersion().majorVersion() > 1) {
				request.setProtocolVersion(HttpVersion.HTTP_1_1);
			}
			super.write(context, message, promise);
		}

	}

}
