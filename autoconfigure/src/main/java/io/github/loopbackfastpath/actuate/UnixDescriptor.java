package io.github.loopbackfastpath.actuate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.github.loopbackfastpath.unix.UnixPeerRule;
import io.github.loopbackfastpath.unix.UnixRoute;
import io.github.loopbackfastpath.unix.UnixSocketListener;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import org.jspecify.annotations.Nullable;

/**
 * The {@code unix} object of the {@code loopback} endpoint: the AF_UNIX sidecar
 * transport.
 *
 * @param server the server's Unix-socket listener, {@code null} when it does not listen
 * on one
 * @param routes the routes by loopback port
 * @param onUnavailable {@code tcp} or {@code fail}
 * @param notCovered client components that cannot follow the routes and stay on TCP, with
 * why and what to use instead
 * @param peerCredentials whether this platform tells who is at the other end of a Unix
 * socket, which the peer checks need
 * @param warnings what is unsafe about the configured socket paths (a directory other
 * users can write), each with its fix
 */
@JsonInclude(Include.ALWAYS)
public record UnixDescriptor(@Nullable ServerDescriptor server, Map<Integer, RouteDescriptor> routes,
		String onUnavailable, Map<String, String> notCovered, PeerCredentialsDescriptor peerCredentials,
		List<String> warnings) {

	static UnixDescriptor of(UnixSocketTransport transport) {
		Map<Integer, RouteDescriptor> routes = new TreeMap<>();
		transport.routes().forEach((port, route) -> routes.put(port, RouteDescriptor.of(route)));
		UnixSocketListener listener = transport.server().listener();
		ServerDescriptor server = (listener != null)
				? new ServerDescriptor(listener.component(), listener.path().toString(), listener.permissions(),
						listener.permissionsNotApplied(), listener.acceptedConnections(),
						(listener.allowedPeers() != null) ? String.valueOf(listener.allowedPeers()) : null,
						listener.peerRejected())
				: null;
		String unavailable = UnixPeerRule.peerCredentialsUnavailable();
		return new UnixDescriptor(server, routes, transport.onUnavailable().name().toLowerCase(java.util.Locale.ROOT),
				transport.coverage().notCovered(), new PeerCredentialsDescriptor(unavailable == null, unavailable),
				transport.report().warnings());
	}

	/**
	 * Whether the platform tells the peer of a Unix socket.
	 *
	 * @param available whether it does (Linux and macOS)
	 * @param reason why not, {@code null} when it does
	 */
	@JsonInclude(Include.ALWAYS)
	public record PeerCredentialsDescriptor(boolean available, @Nullable String reason) {
	}

	/**
	 * The server's Unix-socket listener.
	 *
	 * @param component {@code tomcat} or {@code netty-server}
	 * @param path the socket path
	 * @param permissions the socket file's permissions, {@code null} where the file
	 * system has none
	 * @param permissionsNotApplied the configured permissions with why they could not be
	 * applied (Windows has no POSIX permissions), {@code null} when they apply
	 * @param acceptedConnections connections accepted so far
	 * @param allowedPeers who may connect beyond the file permissions
	 * ({@code loopback.fastpath.unix.server.allowed-users}, {@code allowed-groups}),
	 * {@code null} for anyone they let in
	 * @param peerRejected connections closed unread because of their peer
	 */
	@JsonInclude(Include.ALWAYS)
	public record ServerDescriptor(String component, String path, @Nullable String permissions,
			@Nullable String permissionsNotApplied, long acceptedConnections, @Nullable String allowedPeers,
			long peerRejected) {
	}

	/**
	 * One route.
	 *
	 * @param path the socket path
	 * @param connections Unix-socket connections opened
	 * @param fallbacks requests that went over TCP because the socket was missing or
	 * refused
	 * @param failures requests that failed for that reason ({@code on-unavailable=fail})
	 * @param expectedPeer who must listen on the socket
	 * ({@code loopback.fastpath.unix.peers.<port>}), {@code null} when not checked
	 * @param peerRejected connections closed before a byte was written because their peer
	 * was not the expected one
	 */
	@JsonInclude(Include.ALWAYS)
	public record RouteDescriptor(String path, long connections, long fallbacks, long failures,
			@Nullable String expectedPeer, long peerRejected) {

		static RouteDescriptor of(UnixRoute route) {
			return new RouteDescriptor(route.path().toString(), route.connections(), route.fallbacks(),
					route.failures(), (route.expectedPeer() != null) ? String.valueOf(route.expectedPeer()) : null,
					route.peerRejected());
		}

	}

}
