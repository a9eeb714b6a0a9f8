package io.github.loopbackfastpath.autoconfigure;

import java.net.InetSocketAddress;
import java.util.Locale;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.policy.SkipReason;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Reports an embedded web server that the starter has no hook for (Jetty, for one),
 * instead of leaving it out of the status: when a web server that no integration hooks
 * has started, and nothing recorded a listener on its port, the server is listed as a
 * component that is not covered and its port as an {@code unhooked} listener, and said
 * once at WARN.
 */
final class UnhookedWebServerReport implements ApplicationListener<WebServerInitializedEvent> {

	static final String NOT_COVERED = "this web server offers no hook before its listening socket binds; use "
			+ "Tomcat (spring-boot-starter-tomcat) or Reactor Netty (spring-boot-starter-reactor-netty) for the "
			+ "fast path on the server side";

	private final LoopbackFastPath fastPath;

	private final ObjectProvider<HookedWebServer> hooked;

	UnhookedWebServerReport(LoopbackFastPath fastPath, ObjectProvider<HookedWebServer> hooked) {
		this.fastPath = fastPath;
		this.hooked = hooked;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		WebServer webServer = event.getWebServer();
		int port = webServer.getPort();
		if (port <= 0 || this.hooked.stream().anyMatch((server) -> server.hooks(webServer)) || hasListenerOn(port)) {
			return;
		}
		String server = serverName(webServer.getClass());
		String component = component(server);
		this.fastPath.notCovered(component, server + ": " + NOT_COVERED);
		this.fastPath.unhookedListener(component, new InetSocketAddress(port), SkipReason.UNHOOKED,
				server + " has no fast-path hook");
	}

	private boolean hasListenerOn(int port) {
		for (FastPathListener listener : this.fastPath.outcomes().listeners()) {
			if (listener.address().endsWith(":" + port)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The name of a kind of web server: the most general of its classes whose name ends
	 * in {@code WebServer}, so that {@code JettyServletWebServer} and
	 * {@code JettyReactiveWebServer} are both {@code JettyWebServer}.
	 * @param type the web server's class
	 * @return its simple name
	 */
	static String serverName(Class<?> type) {
		String name = type.getSimpleName();
		for (Class<?> candidate = type.getSuperclass(); candidate != null
				&& candidate != Object.class; candidate = candidate.getSuperclass()) {
			if (candidate.getSimpleName().endsWith("WebServer")) {
				name = candidate.getSimpleName();
			}
		}
		return name;
	}

	/**
	 * The component name of a web server: {@code jetty} for {@code JettyWebServer}.
	 * @param server the web server's class name
	 * @return the component name
	 */
	static String component(String server) {
		String name = server.endsWith("WebServer") ? server.substring(0, server.length() - "WebServer".length())
				: server;
		return name.isEmpty() ? "web-server" : name.toLowerCase(Locale.ROOT);
	}

}
