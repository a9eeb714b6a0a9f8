package io.github.loopbackfastpath.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.loopbackfastpath.FailureMode;
import io.github.loopbackfastpath.policy.LoopbackPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties for the loopback fast path. They check themselves after
 * binding (Spring Boot applies a {@link Validator} that the properties object itself
 * implements, without Bean Validation), so a wrong value stops startup with the property,
 * the value and the fix in Spring Boot's own binding report.
 */
@ConfigurationProperties("loopback.fastpath")
public class LoopbackFastPathProperties implements Validator {

	/**
	 * Whether to put loopback connections on the operating system's loopback fast path
	 * (SIO_LOOPBACK_FASTPATH on Windows 8 / Server 2012 and later), and, unless
	 * loopback.fastpath.unix.enabled says otherwise, to run the AF_UNIX transport. Off by
	 * default because Microsoft has deprecated the option; when false (and
	 * loopback.fastpath.unix.enabled is not true) the starter touches no socket and loads
	 * no native code (an exposed /actuator/loopback then only reports enabled=false and
	 * the platform).
	 */
	private boolean enabled;

	/**
	 * What to do when a server listening socket cannot get the fast path: 'fallback' logs
	 * it, reports it and serves on the ordinary loopback path; 'fail' refuses to start.
	 * Client connections always fall back.
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

	@Override
	public boolean supports(Class<?> type) {
		return LoopbackFastPathProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		List<Integer> ports = ((LoopbackFastPathProperties) target).getClient().getPorts();
		for (int i = 0; i < ports.size(); i++) {
			Integer port = ports.get(i);
			if (!LoopbackPolicy.isPort(port)) {
				errors.rejectValue("client.ports[" + i + "]", "loopback.fastpath.client.ports.range",
						new Object[] { port }, port + " is not a TCP port: list destination ports between 1 and 65535, "
								+ "or leave loopback.fastpath.client.ports empty to cover every loopback port");
			}
		}
	}

	/**
	 * Server-side settings.
	 */
	public static class Server {

		/**
		 * Whether the listening sockets of the embedded web server (Tomcat or Reactor
		 * Netty), including additional connectors and the management server, get the fast
		 * path before they accept connections. Accepted loopback connections inherit it.
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
		 * RestTemplate builders get the fast path before they connect to a loopback
		 * address.
		 */
		private boolean enabled = true;

		/**
		 * Destination ports (your sidecars' ports, 1-65535) whose loopback connections
		 * get the fast path. Empty means every loopback port.
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
			this.ports = new ArrayList<>(ports);
		}

	}

}
