package io.github.loopbackfastpath.unix.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.loopbackfastpath.unix.OnUnavailable;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the AF_UNIX sidecar transport. They take effect with
 * {@code loopback.fastpath.enabled=true}, or on their own with
 * {@code loopback.fastpath.unix.enabled=true}, on every operating system with AF_UNIX
 * (Linux, macOS, Windows 10 1803 and later), independently of the Windows socket option.
 */
@ConfigurationProperties("loopback.fastpath.unix")
public class UnixSocketProperties {

	/**
	 * Whether the AF_UNIX transport (routes and the server's socket) is on. Unset, it
	 * follows loopback.fastpath.enabled. Set to true, it is on even while
	 * loopback.fastpath.enabled is false, and then the starter makes no
	 * SIO_LOOPBACK_FASTPATH call at all; set to false, it is off while the socket option
	 * is on.
	 */
	private @Nullable Boolean enabled;

	/**
	 * The process expected at the other end of a route, by the route's port: for example
	 * loopback.fastpath.unix.peers.15001.user=envoy. Each new Unix-socket connection's
	 * peer is read from the kernel (SO_PEERCRED, Linux and macOS) when it connects; a
	 * connection to another user's process is closed before a byte is written, counted
	 * (peerRejected) and fails, whatever on-unavailable says. Startup fails where the
	 * operating system cannot tell the peer (Windows).
	 */
	private Map<String, Peer> peers = new TreeMap<>();

	/**
	 * Unix-socket routes: requests of the auto-configured WebClient, RestClient and
	 * RestTemplate to a loopback host (127.0.0.0/8, ::1, localhost) on the port given as
	 * the key go over the Unix socket at the absolute path given as the value, for
	 * example loopback.fastpath.unix.routes.15001=/run/envoy/outbound.sock. The URL and
	 * the Host header stay the same. Requires Reactor Netty or Apache HttpClient 5.4+;
	 * other clients are reported as not covered and stay on TCP.
	 */
	// Keyed by the text as written, so that a key that is not a port ("envoy") stops
	// startup with a message naming it: a Map<Integer, ...> fails binding with only
	// NumberFormatException's 'For input string: "envoy"'.
	private Map<String, String> routes = new TreeMap<>();

	/**
	 * What a routed request does when its Unix socket is missing or refuses the
	 * connection: 'tcp' sends it over TCP loopback to the same host and port and counts a
	 * fallback; 'fail' fails it with an error naming the socket path and counts a
	 * failure.
	 */
	private OnUnavailable onUnavailable = OnUnavailable.TCP;

	private final Server server = new Server();

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, Peer> getPeers() {
		return this.peers;
	}

	public void setPeers(Map<String, Peer> peers) {
		this.peers = new TreeMap<>(peers);
	}

	public Map<String, String> getRoutes() {
		return this.routes;
	}

	public void setRoutes(Map<String, String> routes) {
		this.routes = new TreeMap<>(routes);
	}

	public OnUnavailable getOnUnavailable() {
		return this.onUnavailable;
	}

	public void setOnUnavailable(OnUnavailable onUnavailable) {
		this.onUnavailable = onUnavailable;
	}

	public Server getServer() {
		return this.server;
	}

	/**
	 * The embedded server's Unix socket.
	 */
	public static class Server {

		/**
		 * Absolute path of a Unix socket on which the embedded web server (Tomcat, for
		 * Spring MVC and WebFlux, or Reactor Netty) also listens, serving the same
		 * application as on its TCP port. Its directory must exist. A stale socket there
		 * is replaced; anything else there stops startup untouched. The socket file is
		 * removed at shutdown.
		 */
		private @Nullable String path;

		/**
		 * POSIX permissions of the server's socket file (owner, group, others), where the
		 * file system has them: who may connect.
		 */
		private String permissions = "rw-rw----";

		/**
		 * Local users (names or numeric ids) who may connect to the server's socket, on
		 * top of its file permissions: a connection from any other user's process is
		 * closed before it is read, and counted (peerRejected). Empty: any user the
		 * permissions let in. Combined with allowed-groups, a peer needs both. Linux and
		 * macOS only: startup fails where the operating system cannot tell the peer.
		 */
		private List<String> allowedUsers = new ArrayList<>();

		/**
		 * Local groups (names or numeric ids) whose members' processes (by their primary
		 * group) may connect to the server's socket, on top of its file permissions.
		 * Empty: any group.
		 */
		private List<String> allowedGroups = new ArrayList<>();

		public @Nullable String getPath() {
			return this.path;
		}

		public void setPath(@Nullable String path) {
			this.path = path;
		}

		public List<String> getAllowedUsers() {
			return this.allowedUsers;
		}

		public void setAllowedUsers(List<String> allowedUsers) {
			this.allowedUsers = allowedUsers;
		}

		public List<String> getAllowedGroups() {
			return this.allowedGroups;
		}

		public void setAllowedGroups(List<String> allowedGroups) {
			this.allowedGroups = allowedGroups;
		}

		public String getPermissions() {
			return this.permissions;
		}

		public void setPermissions(String permissions) {
			this.permissions = permissions;
		}

	}

	/**
	 * The process expected at the other end of a route.
	 */
	public static class Peer {

		/**
		 * The user (name or numeric id) the route's sidecar runs as, for example envoy or
		 * 101.
		 */
		private @Nullable String user;

		/**
		 * The primary group (name or numeric id) the route's sidecar runs with; with
		 * user, both must match.
		 */
		private @Nullable String group;

		public @Nullable String getUser() {
			return this.user;
		}

		public void setUser(@Nullable String user) {
			this.user = user;
		}

		public @Nullable String getGroup() {
			return this.group;
		}

		public void setGroup(@Nullable String group) {
			this.group = group;
		}

	}

}
