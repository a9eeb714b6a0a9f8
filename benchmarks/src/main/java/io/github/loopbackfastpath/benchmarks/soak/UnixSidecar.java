package io.github.loopbackfastpath.benchmarks.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.WebFilter;

/**
 * The sidecar behind the soak's Unix-socket route: a Reactor Netty application that
 * listens on a Unix socket ({@code loopback.fastpath.unix.server.path}) and answers as
 * the servers do. The soak stops it while requests flow (the clients fall back to TCP)
 * and starts it again (they open Unix-socket connections again).
 * <p>
 * It stops the way a sidecar is drained (Envoy's drain, nginx's graceful stop): from then
 * on every response carries {@code Connection: close}, so that the clients close their
 * kept-alive connections after their next request instead of sending on a connection the
 * sidecar is about to close; once those are closed, its socket file is taken away, so
 * that new connections fall back to TCP; once the last responses are out (each wait
 * bounded by {@link #DRAIN_LIMIT}), the application stops. Idle connections that no
 * request used meanwhile are closed by the stop; a client finds them closed when it next
 * writes. A sidecar that closes a kept-alive connection while a client sends on it fails
 * that request, with or without the starter, over TCP as over a Unix socket: the route
 * never sends a request twice.
 */
final class UnixSidecar {

	/** How long a stop waits for the clients to close their connections. */
	static final Duration DRAIN_LIMIT = Duration.ofSeconds(3);

	private final Path socket;

	private final Path drained;

	private @Nullable ConfigurableApplicationContext context;

	private @Nullable Drain drain;

	private int starts;

	private int undrained;

	UnixSidecar(Path directory) {
		this.socket = directory.resolve("sidecar.sock");
		this.drained = directory.resolve("sidecar.sock.draining");
	}

	Path socket() {
		return this.socket;
	}

	void start() {
		Drain drain = new Drain();
		this.context = new SpringApplicationBuilder(SoakServerApplication.class).web(WebApplicationType.REACTIVE)
			.initializers((context) -> {
				context.getBeanFactory().registerSingleton("soakDrainFilter", drain.filter());
				context.getBeanFactory().registerSingleton("soakDrainCustomizer", drain.customizer());
			})
			.properties("loopback.fastpath.enabled=true", "loopback.fastpath.unix.server.path=" + this.socket,
					"server.address=127.0.0.1", "server.port=0", "spring.main.banner-mode=off",
					"spring.jmx.enabled=false", "logging.level.root=WARN")
			.run();
		this.drain = drain;
		this.starts++;
		if (!Files.exists(this.socket)) {
			throw new IllegalStateException("The sidecar does not listen on " + this.socket);
		}
	}

	/**
	 * Drains and stops the sidecar; its socket file is gone afterwards.
	 * @param into where the sidecar's own outcomes are added
	 * @return whether it was running
	 */
	boolean stop(SoakMain.Totals into) throws IOException, InterruptedException {
		ConfigurableApplicationContext context = this.context;
		Drain drain = this.drain;
		if (context == null || drain == null) {
			return false;
		}
		// Kept-alive connections close after their next response, while the socket still
		// takes requests; then new connections go to TCP and the last responses complete.
		Set<Object> kept = drain.start();
		drain.awaitClosed(kept, DRAIN_LIMIT);
		Files.move(this.socket, this.drained);
		this.undrained += drain.awaitClosed(null, DRAIN_LIMIT);
		FastPathOutcomes outcomes = context.getBean(FastPathOutcomes.class);
		context.close();
		Files.deleteIfExists(this.drained);
		into.add(outcomes);
		this.context = null;
		this.drain = null;
		return true;
	}

	int starts() {
		return this.starts;
	}

	/**
	 * Kept-alive connections that the clients still held when the drain limit was reached
	 * (connections no request used during the drain), over all stops.
	 * @return the count
	 */
	int undrained() {
		return this.undrained;
	}

	/**
	 * Tracks the sidecar's open connections and, once draining, asks the clients to close
	 * each after its response.
	 */
	private static final class Drain {

		private final Set<Object> open = ConcurrentHashMap.newKeySet();

		private volatile boolean draining;

		WebFilter filter() {
			return (exchange, chain) -> {
				if (this.draining) {
					exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
				}
				return chain.filter(exchange);
			};
		}

		NettyServerCustomizer customizer() {
			return (server) -> server.doOnConnection((connection) -> {
				Object channel = connection.channel();
				this.open.add(channel);
				connection.channel().closeFuture().addListener((closed) -> {
					this.open.remove(channel);
					synchronized (this) {
						notifyAll();
					}
				});
			});
		}

		/**
		 * Starts draining: every response from now on closes its connection.
		 * @return the connections open now
		 */
		Set<Object> start() {
			this.draining = true;
			return Set.copyOf(this.open);
		}

		/**
		 * Waits until none of some connections is open any more.
		 * @param connections the connections, {@code null} for all
		 * @return how many were still open at the limit
		 */
		synchronized int awaitClosed(@Nullable Set<Object> connections, Duration limit) throws InterruptedException {
			long deadline = System.nanoTime() + limit.toNanos();
			while (true) {
				int left = 0;
				for (Object channel : (connections != null) ? connections : Set.copyOf(this.open)) {
					if (this.open.contains(channel)) {
						left++;
					}
				}
				long wait = deadline - System.nanoTime();
				if (left == 0 || wait <= 0) {
					return left;
				}
				wait(Math.max(1, wait / 1_000_000));
			}
		}

	}

}
