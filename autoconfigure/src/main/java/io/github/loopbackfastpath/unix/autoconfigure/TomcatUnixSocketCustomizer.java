package io.github.loopbackfastpath.unix.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import io.github.loopbackfastpath.unix.UnixSocketHttp11NioProtocol;
import io.github.loopbackfastpath.unix.UnixSocketPathException;
import io.github.loopbackfastpath.unix.UnixSocketPaths;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.ProtocolHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Adds a connector listening on the Unix socket to the main Tomcat server (servlet or
 * reactive), serving the same application as the TCP connector. Tomcat binds it, applies
 * the permissions and deletes the socket file when it stops. The connector and protocol
 * handler customizers of the factory, which carry the {@code server.tomcat.*} settings,
 * are applied to it as to the TCP connector; so the customizer runs last.
 */
class TomcatUnixSocketCustomizer implements WebServerFactoryCustomizer<TomcatWebServerFactory>, Ordered {

	private final UnixSocketTransport transport;

	TomcatUnixSocketCustomizer(UnixSocketTransport transport) {
		this.transport = transport;
	}

	@Override
	public void customize(TomcatWebServerFactory factory) {
		Path path = this.transport.serverPath();
		if (path == null) {
			return;
		}
		UnixSocketPaths.prepareForBind(UnixSocketTransport.SERVER_PATH_PROPERTY, path);
		checkDirectory(path, this.transport.serverPermissions());
		Connector connector = new Connector(new UnixSocketHttp11NioProtocol(this.transport, path));
		ProtocolHandler handler = connector.getProtocolHandler();
		invokeProtocolHandlerCustomizers(factory, handler);
		for (TomcatConnectorCustomizer customizer : factory.getConnectorCustomizers()) {
			customizer.customize(connector);
		}
		factory.addAdditionalConnectors(connector);
	}

	/**
	 * Tomcat (11.0.2x) refuses to bind a socket whose directory grants more than the
	 * socket's own permissions need: owner rwx, group r-x where the socket gives the
	 * group access, others r-x where it gives others access, never write for group or
	 * others (so never /tmp itself). Checked here so that startup stops with the property
	 * and the fix instead of "connector failed to start".
	 */
	static void checkDirectory(Path path, @Nullable String socketPermissions) {
		Path directory = path.getParent();
		if (directory == null || socketPermissions == null) {
			return;
		}
		Set<PosixFilePermission> granted;
		try {
			granted = Files.getPosixFilePermissions(directory);
		}
		catch (UnsupportedOperationException | IOException ex) {
			return;
		}
		Set<PosixFilePermission> socket = PosixFilePermissions.fromString(socketPermissions);
		Set<PosixFilePermission> allowed = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
				PosixFilePermission.OWNER_EXECUTE);
		if (socket.stream().anyMatch((permission) -> permission.name().startsWith("GROUP_"))) {
			allowed.addAll(EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE));
		}
		if (socket.stream().anyMatch((permission) -> permission.name().startsWith("OTHERS_"))) {
			allowed.addAll(EnumSet.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
		}
		Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
		extra.addAll(granted);
		extra.removeAll(allowed);
		if (!extra.isEmpty()) {
			Set<PosixFilePermission> fixed = EnumSet.noneOf(PosixFilePermission.class);
			fixed.addAll(granted);
			fixed.retainAll(allowed);
			throw new UnixSocketPathException(UnixSocketTransport.SERVER_PATH_PROPERTY, path.toString(),
					"its directory " + directory + " is " + PosixFilePermissions.toString(granted)
							+ ", and Tomcat refuses a socket whose directory grants more than the socket ("
							+ socketPermissions + ") needs",
					"Put the socket in a directory of its own, or remove the extra permissions: chmod "
							+ PosixFilePermissions.toString(fixed) + " (for example chmod 750 " + directory + ").");
		}
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
