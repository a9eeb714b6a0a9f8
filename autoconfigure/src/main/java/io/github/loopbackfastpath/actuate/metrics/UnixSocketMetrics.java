package io.github.loopbackfastpath.actuate.metrics;

import io.github.loopbackfastpath.unix.UnixRoute;
import io.github.loopbackfastpath.unix.UnixSocketListener;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the AF_UNIX sidecar transport to Micrometer:
 * <ul>
 * <li>{@value #ROUTES}, a counter per route ({@code port}, {@code path}) and
 * {@code outcome}: {@code connection} (a Unix-socket connection opened), {@code fallback}
 * (a request sent over TCP because the socket was missing or refused) and {@code failure}
 * (a request failed for that reason) and {@code peer-rejected} (a connection closed
 * before a byte was written because the process listening was not the route's expected
 * peer);</li>
 * <li>{@value #SERVER_ACCEPTED}, the connections the server's Unix-socket listener
 * accepted, and {@value #SERVER_REJECTED}, those it closed unread because of their
 * peer.</li>
 * </ul>
 * The counters read the same counts as the {@code loopback} endpoint.
 */
public final class UnixSocketMetrics implements MeterBinder {

	/** Name of the route counter. */
	public static final String ROUTES = "loopback.fastpath.unix.routes";

	/** Name of the server listener's accepted-connections counter. */
	public static final String SERVER_ACCEPTED = "loopback.fastpath.unix.server.accepted";

	/** Name of the server listener's peer-rejected counter. */
	public static final String SERVER_REJECTED = "loopback.fastpath.unix.server.peer-rejected";

	private final UnixSocketTransport transport;

	/**
	 * Creates the binder.
	 * @param transport the transport to expose
	 */
	public UnixSocketMetrics(UnixSocketTransport transport) {
		this.transport = transport;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (UnixRoute route : this.transport.routes().values()) {
			register(registry, route, "connection", UnixRoute::connections);
			register(registry, route, "fallback", UnixRoute::fallbacks);
			register(registry, route, "failure", UnixRoute::failures);
			register(registry, route, "peer-rejected", UnixRoute::peerRejected);
		}
		if (this.transport.server().path() != null) {
			FunctionCounter.builder(SERVER_ACCEPTED, this.transport, UnixSocketMetrics::accepted)
				.tag("path", String.valueOf(this.transport.server().path()))
				.description("Connections accepted on the server's Unix socket")
				.register(registry);
			FunctionCounter.builder(SERVER_REJECTED, this.transport, UnixSocketMetrics::rejected)
				.tag("path", String.valueOf(this.transport.server().path()))
				.description("Connections to the server's Unix socket closed unread because of their peer")
				.register(registry);
		}
	}

	private static double rejected(UnixSocketTransport transport) {
		UnixSocketListener listener = transport.server().listener();
		return (listener != null) ? listener.peerRejected() : 0;
	}

	private static double accepted(UnixSocketTransport transport) {
		UnixSocketListener listener = transport.server().listener();
		return (listener != null) ? listener.acceptedConnections() : 0;
	}

	private static void register(MeterRegistry registry, UnixRoute route, String outcome,
			java.util.function.ToLongFunction<UnixRoute> count) {
		FunctionCounter.builder(ROUTES, route, (r) -> count.applyAsLong(r))
			.tag("port", Integer.toString(route.port()))
			.tag("path", route.path().toString())
			.tag("outcome", outcome)
			.description("Connections and requests of an AF_UNIX route, by outcome")
			.register(registry);
	}

}
