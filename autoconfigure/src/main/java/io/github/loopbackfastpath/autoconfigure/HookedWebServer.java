package io.github.loopbackfastpath.autoconfigure;

import org.springframework.boot.web.server.WebServer;

/**
 * A kind of embedded web server whose listeners an integration of the starter hooks
 * (Tomcat, Reactor Netty). Each integration's auto-configuration declares one, so that
 * the report of web servers without a hook leaves those servers to the integration, which
 * records their listeners itself, in its own time.
 *
 * @param type the web server class
 */
public record HookedWebServer(Class<? extends WebServer> type) {

	boolean hooks(WebServer webServer) {
		return this.type.isInstance(webServer);
	}

}
