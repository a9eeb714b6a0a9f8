package io.github.loopbackfastpath.unix.autoconfigure;

import java.nio.file.Path;

import io.github.loopbackfastpath.unix.UnixSocketPaths;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.github.loopbackfastpath.unix.tomcat.UnixSocketHttp11NioProtocol;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.ProtocolHandler;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Adds a connector listening on the Unix socket to the main Tomcat server (servlet or
 * reactive), serving the same application as the TCP connector and stopping with it. A
 * file at the path that stops startup is found here already, since Spring Boot reports a
 * connector that fails to bind only by its port. The connector and protocol handler
 * customizers of the factory, which carry the {@code server.tomcat.*} settings, are
 * applied to it as to the TCP connector; so the customizer runs last.
 */
class TomcatUnixSocketCustomizer implements WebServerFactoryCustomizer<TomcatWebServerFactory>, Ordered {

	private final UnixSocketTransport transport;

	TomcatUnixSocketCustomizer(UnixSocketTransport transport) {
		this.transport = transport;
	}

	@Override
	public void customize(TomcatWebServerFactory factory) {
		Path path = this.transport.server().path();
		if (path == null) {
			return;
		}
		UnixSocketPaths.prepareForBind(UnixSocketTransport.SERVER_PATH_PROPERTY, path);
		Connector connector = new Connector(new UnixSocketHttp11NioProtocol(this.transport, path));
		ProtocolHandler handler = connector.getProtocolHandler();
		invokeProtocolHandlerCustomizers(factory, handler);
		for (TomcatConnectorCustomizer customizer : factory.getConnectorCustomizers()) {
			customizer.customize(connector);
		}
		factory.addAdditionalConnectors(connector);
	}

	@SuppressWarnings("unchecked")
	private static void invokeProtocolHandlerCustomizers(TomcatWebServerFactory factory, ProtocolHandler handler) {
		// The same generic-safe call Spring Boot makes for the TCP connector.
		LambdaSafe.callbacks(TomcatProtocolHandlerCustomizer.class, factory.getProtocolHandlerCustomizers(), handler)
			.invoke((customizer) -> customizer.customize(handler));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
