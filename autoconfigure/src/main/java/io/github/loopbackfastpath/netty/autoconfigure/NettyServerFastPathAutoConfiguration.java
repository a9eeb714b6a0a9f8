package io.github.loopbackfastpath.netty.autoconfigure;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.autoconfigure.HookedWebServer;
import io.github.loopbackfastpath.autoconfigure.LoopbackFastPathAutoConfiguration;
import io.github.loopbackfastpath.netty.FastPathNioServerSocketChannel;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.netty.FastPathReactorResourceFactory;
import io.github.loopbackfastpath.policy.SkipReason;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyWebServer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Puts the listening sockets of Spring Boot's Reactor Netty web server on the loopback
 * fast path.
 */
@AutoConfiguration(after = LoopbackFastPathAutoConfiguration.class)
@ConditionalOnClass({ NettyReactiveWebServerFactory.class, HttpServer.class, ReactorResourceFactory.class })
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnBooleanProperty("loopback.fastpath.enabled")
@ConditionalOnBean(LoopbackFastPath.class)
public final class NettyServerFastPathAutoConfiguration {

	/** Component name of Reactor Netty server listeners. */
	public static final String COMPONENT = "netty-server";

	@Bean
	HookedWebServer nettyHookedWebServer() {
		return new HookedWebServer(NettyWebServer.class);
	}

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> nettyServerFastPathCustomizer(LoopbackFastPath fastPath,
			ObjectProvider<ReactorResourceFactory> resourceFactory, ObjectProvider<UnixSocketTransport> unixSockets) {
		return new NettyServerFastPathCustomizer(fastPath, resourceFactory, unixSockets);
	}

	/**
	 * Hands the server a view of the resource factory whose loop resources create
	 * fast-path listening channels, and reports listeners it could not hook.
	 */
	static final class NettyServerFastPathCustomizer
			implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

		private final LoopbackFastPath fastPath;

		private final ObjectProvider<ReactorResourceFactory> resourceFactory;

		private final ObjectProvider<UnixSocketTransport> unixSockets;

		NettyServerFastPathCustomizer(LoopbackFastPath fastPath, ObjectProvider<ReactorResourceFactory> resourceFactory,
				ObjectProvider<UnixSocketTransport> unixSockets) {
			this.fastPath = fastPath;
			this.resourceFactory = resourceFactory;
			this.unixSockets = unixSockets;
		}

		@Override
		public void customize(NettyReactiveWebServerFactory factory) {
			ReactorResourceFactory resources = this.resourceFactory.getIfUnique();
			if (resources != null) {
				factory.setResourceFactory(new FastPathReactorResourceFactory(resources, this.fastPath, COMPONENT));
			}
			factory.addServerCustomizers(this::reportUnhookedListener);
		}

		/**
		 * The configured path of the transport's listener: its channel is bound in a
		 * private directory first and linked to the path afterwards
		 * ({@code UnixServerSocketFile}), so its own address is the private one.
		 */
		private @Nullable SocketAddress unixAddress(Channel channel) {
			UnixSocketTransport unixSockets = this.unixSockets.getIfAvailable();
			Path path = (unixSockets != null) ? unixSockets.server().path() : null;
			return (path != null) ? UnixDomainSocketAddress.of(path) : channel.localAddress();
		}

		private HttpServer reportUnhookedListener(HttpServer server) {
			AtomicReference<@Nullable FastPathListener> listener = new AtomicReference<>();
			return server.doOnBound((bound) -> {
				Channel channel = bound.channel();
				if (!(channel.localAddress() instanceof InetSocketAddress)) {
					// The Unix-socket listener of the AF_UNIX transport: no TCP stack
					// to bypass.
					listener.set(this.fastPath.unhookedListener(COMPONENT, unixAddress(channel), SkipReason.UNHOOKED,
							"Unix domain socket: already a local path with no TCP stack to bypass"));
				}
				else if (!(channel instanceof FastPathNioServerSocketChannel)) {
					boolean nio = channel instanceof NioServerSocketChannel;
					listener.set(this.fastPath.unhookedListener(COMPONENT, bound.address(),
							nio ? SkipReason.UNHOOKED : SkipReason.NATIVE_TRANSPORT,
							nio ? "the server was not given the application's ReactorResourceFactory"
									: "Reactor Netty chose " + channel.getClass().getSimpleName()
											+ "; the fast path needs the NIO transport (always used on Windows), "
											+ "which -Dreactor.netty.native=false selects elsewhere"));
				}
			}).doOnUnbound((unbound) -> {
				FastPathListener bound = listener.getAndSet(null);
				if (bound != null) {
					this.fastPath.outcomes().removeListener(bound);
				}
			});
		}

		@Override
		public int getOrder() {
			// After Spring Boot's own customizers, so that its resource factory is the
			// one wrapped.
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
