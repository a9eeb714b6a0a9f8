package io.github.loopbackfastpath.unix;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The client components that cannot follow the routes and stay on TCP (the JDK
 * {@code HttpClient}, a client library too old, junixsocket missing), each with why and
 * what to use instead: logged once per reason, and shown in the status as
 * {@code unix.notCovered}.
 */
public final class UnixRouteCoverage {

	private static final Log logger = LogFactory.getLog(UnixRouteCoverage.class);

	private final Map<Integer, UnixRoute> routes;

	private final Map<String, String> notCovered = new ConcurrentHashMap<>();

	UnixRouteCoverage(Map<Integer, UnixRoute> routes) {
		this.routes = routes;
	}

	/**
	 * Records that a client component cannot use the routes and goes over TCP, and says
	 * so once in the log.
	 * @param component the component
	 * @param reason why, and what to use instead
	 */
	public void notCovered(String component, String reason) {
		notCovered(List.of(component), reason);
	}

	/**
	 * Records that client components cannot use the routes for one reason, and says so in
	 * one log line, unless that reason was logged before (the startup check and the
	 * clients' builders report the same reason: it is logged once).
	 * @param components the components
	 * @param reason why, and what to use instead
	 */
	public synchronized void notCovered(List<String> components, String reason) {
		if (this.routes.isEmpty()) {
			return;
		}
		boolean logged = this.notCovered.containsValue(reason);
		components.forEach((component) -> this.notCovered.put(component, reason));
		if (!logged && logger.isWarnEnabled()) {
			logger.warn("Unix-socket routes (" + UnixTransportReport.describeRoutes(this.routes.values())
					+ ") do not cover " + String.join(", ", components) + ": " + reason);
		}
	}

	/**
	 * Client components that cannot use the routes.
	 * @return the reason by component, sorted by component
	 */
	public Map<String, String> notCovered() {
		return new TreeMap<>(this.notCovered);
	}

}
