package io.github.loopbackfastpath.unix;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.UnixSidecar;
import org.apache.hc.client5.http.impl.routing.DefaultProxyRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.netty.transport.ProxyProvider;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ReactorClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request that the application sends through an HTTP proxy goes to the proxy, as over
 * TCP, even when its target is a routed loopback port: only a direct connection takes a
 * route, in every client library. The proxy here answers for the target itself and
 * records what it was asked for; the route's Unix sidecar must see nothing.
 */
@EnabledIfUnixDomainSockets
class UnixRouteProxyTests {

	@TempDir
	Path dir;

	@ParameterizedTest
	@ValueSource(strings = { "restclient-apache", "restclient-reactor", "webclient" })
	void aRequestThroughAnHttpProxyToARoutedPortGoesToTheProxy(String client) throws Exception {
		Path socket = this.dir.resolve("s.sock");
		int routed = UnixSidecar.unusedPort();
		try (ForwardProxy proxy = ForwardProxy.start();
				UnixSidecar sidecar = UnixSidecar.start(socket);
				ConfigurableApplicationContext context = start(client, proxy.port(), routed, socket)) {
			String url = "http://127.0.0.1:" + routed + "/through-proxy";
			assertThat(get(context, client, url)).isEqualTo(ForwardProxy.BODY);
			assertThat(proxy.targets())
				.containsExactly(client.equals("restclient-apache") ? url : "CONNECT 127.0.0.1:" + routed);
			assertThat(sidecar.connections()).isZero();
			UnixRoute route = context.getBean(UnixSocketTransport.class).routes().get(routed);
			assertThat(route.connections()).isZero();
			assertThat(route.fallbacks()).isZero();
			// localhost bypasses the proxy (each library's own setting): that request is
			// direct and takes the route, which shows that the route works.
			assertThat(get(context, client, "http://localhost:" + routed + "/direct")).isEqualTo(UnixSidecar.BODY);
			assertThat(sidecar.connections()).isEqualTo(1);
			assertThat(route.connections()).isEqualTo(1);
			assertThat(proxy.targets()).hasSize(1);
		}
	}

	/**
	 * A proxy whose own port is routed is still reached over TCP: the connection is the
	 * proxy's, not a direct one to the routed port.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "restclient-apache", "restclient-reactor", "webclient" })
	void aProxyOnARoutedPortIsReachedOverTcp(String client) throws Exception {
		Path socket = this.dir.resolve("s.sock");
		int target = UnixSidecar.unusedPort();
		try (ForwardProxy proxy = ForwardProxy.start();
				UnixSidecar sidecar = UnixSidecar.start(socket);
				ConfigurableApplicationContext context = start(client, proxy.port(), proxy.port(), socket)) {
			String url = "http://127.0.0.1:" + target + "/x";
			assertThat(get(context, client, url)).isEqualTo(ForwardProxy.BODY);
			assertThat(proxy.targets())
				.containsExactly(client.equals("restclient-apache") ? url : "CONNECT 127.0.0.1:" + target);
			assertThat(sidecar.connections()).isZero();
			assertThat(context.getBean(UnixSocketTransport.class).routes().get(proxy.port()).connections()).isZero();
		}
	}

	private static String get(ConfigurableApplicationContext context, String client, String url) {
		if (client.equals("webclient")) {
			return context.getBean(WebClient.Builder.class)
				.build()
				.get()
				.uri(url)
				.retrieve()
				.bodyToMono(String.class)
				.block();
		}
		return context.getBean(RestClient.Builder.class).build().get().uri(url).retrieve().body(String.class);
	}

	private static ConfigurableApplicationContext start(String client, int proxyPort, int routed, Path socket) {
		String factory = client.equals("restclient-apache") ? "http-components" : "reactor";
		return new SpringApplicationBuilder(ProxiedApp.class).web(WebApplicationType.NONE)
			.properties("loopback.fastpath.unix.enabled=true", "loopback.fastpath.unix.routes." + routed + "=" + socket,
					"spring.http.clients.imperative.factory=" + factory,
					"spring.http.clients.reactive.connector=reactor", "test.proxy.port=" + proxyPort)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ProxiedApp {

		@Bean
		ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> apacheProxy(
				org.springframework.core.env.Environment environment) {
			int port = environment.getRequiredProperty("test.proxy.port", Integer.class);
			HttpHost proxy = new HttpHost("127.0.0.1", port);
			return (builder) -> builder.withHttpClientCustomizer(
					(httpClient) -> httpClient.setRoutePlanner(new DefaultProxyRoutePlanner(proxy) {

						@Override
						protected @Nullable HttpHost determineProxy(HttpHost target, HttpContext context) {
							return target.getHostName().equals("localhost") ? null : proxy;
						}

					}));
		}

		@Bean
		ClientHttpRequestFactoryBuilderCustomizer<ReactorClientHttpRequestFactoryBuilder> reactorProxy(
				org.springframework.core.env.Environment environment) {
			int port = environment.getRequiredProperty("test.proxy.port", Integer.class);
			return (builder) -> builder.withHttpClientCustomizer(
					(httpClient) -> httpClient.proxy((proxy) -> proxy.type(ProxyProvider.Proxy.HTTP)
						.host("127.0.0.1")
						.port(port)
						.nonProxyHosts("localhost")));
		}

		@Bean
		ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder> webClientProxy(
				org.springframework.core.env.Environment environment) {
			int port = environment.getRequiredProperty("test.proxy.port", Integer.class);
			return (builder) -> builder.withHttpClientCustomizer(
					(httpClient) -> httpClient.proxy((proxy) -> proxy.type(ProxyProvider.Proxy.HTTP)
						.host("127.0.0.1")
						.port(port)
						.nonProxyHosts("localhost")));
		}

	}

	/**
	 * A forward proxy on loopback that answers every request itself: a request in
	 * absolute form (Apache HttpClient's way for an {@code http} target) or a
	 * {@code CONNECT} tunnel (Reactor Netty's way for every target), then the request in
	 * the tunnel. One connection at a time, each closed after its answer.
	 */
	static final class ForwardProxy implements AutoCloseable {

		static final String BODY = "from-proxy";

		private static final int MAX_CONNECTIONS = 16;

		private final ServerSocket server;

		private final List<String> targets = new CopyOnWriteArrayList<>();

		private ForwardProxy(ServerSocket server) {
			this.server = server;
			Thread thread = new Thread(this::serve, "forward-proxy");
			thread.setDaemon(true);
			thread.start();
		}

		static ForwardProxy start() throws IOException {
			return new ForwardProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
		}

		private void serve() {
			for (int i = 0; i < MAX_CONNECTIONS; i++) {
				try (Socket connection = this.server.accept()) {
					BufferedReader in = new BufferedReader(
							new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
					OutputStream out = connection.getOutputStream();
					String[] requestLine = headers(in).split(" ");
					if (requestLine[0].equals("CONNECT")) {
						this.targets.add("CONNECT " + requestLine[1]);
						out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
						out.flush();
						headers(in);
					}
					else {
						this.targets.add(requestLine[1]);
					}
					out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + BODY.length()
							+ "\r\nConnection: close\r\n\r\n" + BODY)
						.getBytes(StandardCharsets.US_ASCII));
					out.flush();
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		/** Reads a request's head and returns its request line. */
		private static String headers(BufferedReader in) throws IOException {
			String requestLine = in.readLine();
			if (requestLine == null) {
				throw new EOFException("no request");
			}
			for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
				// Headers are not needed.
			}
			return requestLine;
		}

		int port() {
			return this.server.getLocalPort();
		}

		/**
		 * What each connection asked for: the request target of a request in absolute
		 * form, or {@code CONNECT host:port}.
		 */
		List<String> targets() {
			return List.copyOf(this.targets);
		}

		@Override
		public void close() throws IOException {
			this.server.close();
		}

	}

}
