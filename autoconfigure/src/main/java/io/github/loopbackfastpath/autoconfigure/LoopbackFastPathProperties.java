package io.github.loopbackfastpath.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.loopbackfastpath.FailureMode;
import io.github.loopbackfastpath.policy.LoopbackPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the loopback fast path.
 */
@ConfigurationProperties("loopback.fastpath")
public class LoopbackFastPathProperties {

	/**
	 * Whether to put loopback connections on the operating system's loopback fast path
	 * (SIO_LOOPBACK_FASTPATH on Windows 8 / Server 2012 and later). Off by default because
	 * Microsoft has deprecated the option; when false the starter touches no socket and loads
	 * no native code (an exposed /actuator/loopback then only reports enabled=false and the
	 * platform).
	 */
	private boolean enabled;

	/**
	 * What to do when a server listening socket cannot get the fast path: 'fallback' logs it,
	 * reports it and serves on the ordinary loopback path; 'fail' refuses to start. Client
	 * connections always fall back.
	 */
	private FailureMode onFailure = FailureMode.FALLBACK;

	private final Server server = new Server();

	private final Client client = new Client();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public FailureMode getOnFailure() {
		return this.onFailure;
	}

	public void setOnFailure(FailureMode onFailure) {
		this.onFailure = onFailure;
	}

	public Server getServer() {
		return this.server;
	}

	public Client getClient() {
		return this.client;
	}

	/**
	 * Server-side settings.
	 */
	public static class Server {

		/**
		 * Whether the listening sockets of the embedded web server (Tomcat or Reactor Netty),
		 * including additional connectors and the management server, get the fast path before
		 * they accept connections. Accepted loopback connections inherit it.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Client-side settings.
	 */
	public static class Client {

		/**
		 * Whether connections opened by the auto-configured WebClient, RestClient and
		 * RestTemplate builders get the fast path before they connect to a loopback address.
		 */
		private boolean enabled = true;

		/**
		 * Destination ports (your sidecars' ports, 1-65535) whose loopback connections get the
		 * fast path. Empty means every loopback port.
		 */
		private List<Integer> ports = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<Integer> getPorts() {
			return this.ports;
		}

		public void setPorts(List<Integer> ports) {
			for (Integer port : ports) {
				if (!LoopbackPolicy.isPort(port)) {
					throw new IllegalArgumentException("loopback.fastpath.client.ports contains " + port
							+ ", which is not a TCP port: list destination ports between 1 and 65535, "
							+ "or leave the property empty to cover every loopback port");
				}
			}
			this.ports = new ArrayList<>(ports);
		}

	}

}
