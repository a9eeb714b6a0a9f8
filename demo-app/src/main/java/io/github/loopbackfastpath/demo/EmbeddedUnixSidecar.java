package io.github.loopbackfastpath.demo;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.github.loopbackfastpath.unix.UnixSocketPaths;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.github.loopbackfastpath.unix.netty.UnixReactorNettyClients;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The Unix-socket sidecar: the embedded sidecar's two roles on AF_UNIX only, like Envoy
 * with {@code pipe} addresses. It listens on {@code demo.sidecar.unix-socket} and nowhere
 * else; the application reaches it through {@code loopback.fastpath.unix.routes.<port>},
 * and it forwards {@code /app/**} to the application's own socket
 * ({@code loopback.fastpath.unix.server.path}). Built on Reactor Netty's NIO transport,
 * which the starter does not hook.
 */
@Component
@ConditionalOnProperty(name = "demo.sidecar.mode", havingValue = "embedded-unix")
class EmbeddedUnixSidecar implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(EmbeddedUnixSidecar.class);

	private final Path socket;

	private final @Nullable Path application;

	private volatile @Nullable LoopResources loops;

	private volatile @Nullable DisposableServer server;

	EmbeddedUnixSidecar(SidecarProperties properties, UnixSocketTransport transport) {
		String socket = properties.getUnixSocket();
		if (socket == null) {
			throw new IllegalStateException("demo.sidecar.mode=embedded-unix needs demo.sidecar.unix-socket");
		}
		this.socket = UnixSocketPaths.checkListenPath("demo.sidecar.unix-socket", socket, null);
		this.application = transport.server().path();
	}

	@Override
	public void start() {
		UnixSocketPaths.prepareForBind("demo.sidecar.unix-socket", this.socket);
		LoopResources loops = LoopResources.create("unix-sidecar", 2, true);
		HttpClient toApplication = UnixReactorNettyClients.unixSocket(HttpClient.create().runOn(loops, false),
				application());
		this.server = HttpServer.create()
			.runOn(loops, false)
			.bindAddress(() -> UnixDomainSocketAddress.of(this.socket))
			.route((routes) -> routes
				.get("/upstream/**",
						(request, response) -> response.header("Content-Type", "application/json")
							.sendString(Mono.just("{\"from\":\"embedded-unix-sidecar\",\"path\":\""
									+ request.uri().substring("/upstream".length()) + "\"}")))
				.get("/app/**",
						(request,
								response) -> response.sendString(toApplication.get()
									.uri(request.uri().substring("/app".length()))
									.responseContent()
									.aggregate()
									.asString())))
			.bindNow();
		this.loops = loops;
		logger.info("Embedded sidecar listening on Unix socket " + this.socket + ", forwarding /app/ to "
				+ this.application);
	}

	private Path application() {
		Path application = this.application;
		if (application == null) {
			throw new IllegalStateException("Set loopback.fastpath.unix.server.path for the sidecar to forward to");
		}
		return application;
	}

	@Override
	public void stop() {
		DisposableServer server = this.server;
		LoopResources loops = this.loops;
		this.server = null;
		this.loops = null;
		if (server != null) {
			server.disposeNow(Duration.ofSeconds(5));
		}
		if (loops != null) {
			loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block();
		}
		try {
			Files.deleteIfExists(this.socket);
		}
		catch (IOException ex) {
			logger.warn("Could not remove " + this.socket, ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

}
