package io.github.loopbackfastpath.unix.autoconfigure;

import java.util.Map;
import java.util.TreeMap;

import io.github.loopbackfastpath.unix.OnUnavailable;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the AF_UNIX sidecar transport. They take effect with
 * {@code loopback.fastpath.enabled=true}, on every operating system with AF_UNIX (Linux,
 * macOS, Windows 10 1803 and later), independently of the Windows socket option.
 */
@ConfigurationProperties("loopback.fastpath.unix")
public class UnixSocketProperties {

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

		public @Nullable String getPath() {
			return this.path;
		}

		public void setPath(@Nullable String path) {
			this.path = path;
		}

		public String getPermissions() {
			return this.permissions;
		}

		public void setPermissions(String permissions) {
			this.permissions = permissions;
		}

	}

}
