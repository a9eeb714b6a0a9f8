package io.github.loopbackfastpath.unix.autoconfigure;

import io.github.loopbackfastpath.autoconfigure.ConditionalOnStarterEnabled;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.httpcomponents.FastPathHttpComponentsClients;
import io.github.loopbackfastpath.unix.netty.UnixNettyChannels;
import io.github.loopbackfastpath.unix.UnixRouteClients;
import io.github.loopbackfastpath.unix.UnixSocketClients;
import io.github.loopbackfastpath.unix.UnixSocketPathException;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.github.loopbackfastpath.unix.httpcomponents.UnixHttpComponentsClients;
import io.github.loopbackfastpath.unix.httpcomponents.UnixHttpComponentsNotCovered;
import io.github.loopbackfastpath.unix.netty.NettyUnixSocketServer;
import io.github.loopbackfastpath.unix.netty.UnixReactorNettyClients;
import org.apache.coyote.http11.Http11NioProtocol;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.util.Assert;

/**
 * Auto-configuration of the AF_UNIX sidecar transport: the {@link UnixSocketTransport}
 * built from {@code loopback.fastpath.unix.*} (checked at startup), the embedded server's
 * Unix-socket listener (Tomcat or Reactor Netty) and the client libraries that can follow
 * the routes.
 */
@AutoConfiguration(afterName = { "io.github.loopbackfastpath.autoconfigure.LoopbackFastPathAutoConfiguration",
		"io.github.loopbackfastpath.tomcat.autoconfigure.TomcatFastPathAutoConfiguration",
		"io.github.loopbackfastpath.netty.autoconfigure.NettyServerFastPathAutoConfiguration",
		"org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration" })
@ConditionalOnStarterEnabled(part = ConditionalOnStarterEnabled.Part.UNIX)
@EnableConfigurationProperties(UnixSocketProperties.class)
public final class UnixSocketAutoConfiguration {

	private static final String JUNIXSOCKET = "org.newsclub.net.unix.AFUNIXSocket";

	@Bean
	@ConditionalOnMissingBean
	UnixSocketTransport unixSocketTransport(UnixSocketProperties properties) {
		Map<Integer, String> routes = new TreeMap<>();
		properties.getRoutes()
			.forEach((key, path) -> routes.put(port(UnixSocketTransport.ROUTES_PROPERTY + "." + key, key, path), path));
		UnixSocketTransport transport = UnixSocketTransport.of(routes, properties.getOnUnavailable(),
				properties.getServer().getPath(), properties.getServer().getPermissions(),
				UnixPeerSettings.peers(properties, routes.keySet()));
		transport.report().checkRoutePaths();
		transport.report().checkDirectories();
		return transport;
	}

	/**
	 * A route's key as a port: the key is bound as text, so that a key that is not a
	 * number is named with its property instead of failing the binding of the whole map.
	 */
	static int port(String property, String key, String path) {
		try {
			return Integer.parseInt(key.trim());
		}
		catch (NumberFormatException ex) {
			throw new UnixSocketPathException(property, path,
					"the key '" + key + "' is not a port number: a route's key is the loopback TCP port whose "
							+ "requests go to the socket",
					"Use the sidecar's destination port (1-65535) as the key, for example "
							+ UnixSocketTransport.ROUTES_PROPERTY + ".15001=" + path + ".");
		}
	}

	/**
	 * The routes for the application's own Netty bootstraps.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.netty.channel.socket.nio.NioDomainSocketChannel")
	static class NettyChannelsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		UnixNettyChannels unixNettyChannels(UnixSocketTransport transport) {
			return new UnixNettyChannels(transport);
		}

	}

	/**
	 * The client libraries that can reach a Unix socket, each only where it is on the
	 * class path.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ClientHttpRequestFactoryBuilder.class)
	static class ClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		UnixSocketClients unixSocketClients(UnixSocketTransport transport, ObjectProvider<UnixRouteClients> libraries,
				ListableBeanFactory beanFactory,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
				ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder) {
			UnixSocketClients clients = new UnixSocketClients(transport, libraries.orderedStream().toList());
			new UnixRouteCoverageCheck(beanFactory, clients, requestFactoryBuilder, connectorBuilder).check();
			return clients;
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(reactor.netty.http.client.HttpClient.class)
		static class ReactorNettyConfiguration {

			@Bean
			UnixReactorNettyClients unixReactorNettyClients(UnixSocketTransport transport) {
				return new UnixReactorNettyClients(transport);
			}

		}

		/**
		 * Apache HttpClient 5.4+: the route's connection manager needs the socket factory
		 * and TLS strategy types of the fast path's (older versions are not covered).
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = { "org.apache.hc.client5.http.impl.classic.HttpClients",
				"org.apache.hc.client5.http.io.DetachedSocketFactory",
				"org.apache.hc.client5.http.ssl.TlsSocketStrategy" })
		static class HttpComponentsConfiguration {

			/**
			 * The route's sockets are junixsocket's, which the starter brings in.
			 */
			@Configuration(proxyBeanMethods = false)
			@ConditionalOnClass(name = JUNIXSOCKET)
			static class JunixsocketConfiguration {

				@Bean
				UnixHttpComponentsClients unixHttpComponentsClients(UnixSocketTransport transport,
						ObjectProvider<FastPathHttpComponentsClients> clients, LoopbackFastPath fastPath) {
					return new UnixHttpComponentsClients(transport,
							clients.getIfAvailable(() -> new FastPathHttpComponentsClients(fastPath)));
				}

			}

			/**
			 * Without junixsocket the Apache request factories stay on TCP, reported with
			 * the dependency to add.
			 */
			@Configuration(proxyBeanMethods = false)
			@ConditionalOnMissingClass(JUNIXSOCKET)
			static class WithoutJunixsocketConfiguration {

				@Bean
				UnixHttpComponentsNotCovered unixHttpComponentsNotCovered(UnixSocketTransport transport) {
					return new UnixHttpComponentsNotCovered(transport);
				}

			}

		}

	}

	/**
	 * Tomcat, for Spring MVC and WebFlux, listens on the socket through an additional
	 * connector.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ TomcatWebServerFactory.class, Http11NioProtocol.class })
	@ConditionalOnWebApplication
	@ConditionalOnProperty(UnixSocketTransport.SERVER_PATH_PROPERTY)
	static class TomcatServerConfiguration {

		@Bean
		TomcatUnixSocketCustomizer tomcatUnixSocketCustomizer(UnixSocketTransport transport) {
			return new TomcatUnixSocketCustomizer(transport);
		}

	}

	/**
	 * Reactor Netty listens on the socket through a second server with the TCP server's
	 * configuration.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ NettyReactiveWebServerFactory.class, HttpServer.class })
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnProperty(UnixSocketTransport.SERVER_PATH_PROPERTY)
	@ConditionalOnBean(NettyReactiveWebServerFactory.class)
	static class NettyServerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NettyUnixSocketServer nettyUnixSocketServer(UnixSocketTransport transport,
				ObjectProvider<ReactorResourceFactory> resourceFactory) {
			Path path = transport.server().path();
			Assert.state(path != null, "No " + UnixSocketTransport.SERVER_PATH_PROPERTY);
			NettyUnixSocketServer server = new NettyUnixSocketServer(transport, path);
			// The TCP listener's loops, which NettyWebServer gives it at start.
			server.setLoopResources(() -> {
				ReactorResourceFactory factory = resourceFactory.getIfUnique();
				return (factory != null) ? factory.getLoopResources() : null;
			});
			return server;
		}

		@Bean
		WebServerFactoryCustomizer<NettyReactiveWebServerFactory> nettyUnixSocketServerCustomizer(
				ObjectProvider<NettyUnixSocketServer> server) {
			return new NettyUnixSocketServerCustomizer(server);
		}

		@Bean
		NettyUnixSocketServerLifecycle nettyUnixSocketServerLifecycle(ObjectProvider<NettyUnixSocketServer> server,
				ObjectProvider<HttpHandler> handler) {
			return new NettyUnixSocketServerLifecycle(server, handler);
		}

		@Bean
		NettyUnixSocketServerGracefulShutdown nettyUnixSocketServerGracefulShutdown(
				ObjectProvider<NettyUnixSocketServer> server) {
			return new NettyUnixSocketServerGracefulShutdown(server);
		}

	}

	/**
	 * Registers {@link NettyUnixSocketServer#capture} as the last server customizer, so
	 * that it sees the configuration every other customizer has made, and hands the
	 * listener the factory's shutdown mode.
	 */
	static final class NettyUnixSocketServerCustomizer
			implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

		private final ObjectProvider<NettyUnixSocketServer> server;

		NettyUnixSocketServerCustomizer(ObjectProvider<NettyUnixSocketServer> server) {
			this.server = server;
		}

		@Override
		public void customize(NettyReactiveWebServerFactory factory) {
			NettyUnixSocketServer server = this.server.getIfAvailable();
			if (server != null) {
				server.setGracefulShutdown(factory.getShutdown() == Shutdown.GRACEFUL);
				factory.addServerCustomizers(server::capture);
			}
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
