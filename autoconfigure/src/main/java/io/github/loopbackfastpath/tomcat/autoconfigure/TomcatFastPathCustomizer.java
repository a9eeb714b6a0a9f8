package io.github.loopbackfastpath.tomcat.autoconfigure;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.policy.SkipReason;
import io.github.loopbackfastpath.tomcat.FastPathHttp11NioProtocol;
import io.github.loopbackfastpath.tomcat.FastPathNioEndpoint;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ProtocolHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Switches a Tomcat web server factory (servlet or reactive, main or management server)
 * to {@link FastPathHttp11NioProtocol} and hands every such protocol the fast path: the
 * main connector through a protocol handler customizer, additional connectors directly. A
 * connector with a protocol the starter does not know is left alone, and reported at
 * startup and in the status as {@code unhooked}, instead of silently doing nothing.
 */
public class TomcatFastPathCustomizer implements WebServerFactoryCustomizer<TomcatWebServerFactory>, Ordered {

	private static final Log logger = LogFactory.getLog(TomcatFastPathCustomizer.class);

	private static final String FAST_PATH_PROTOCOL = FastPathHttp11NioProtocol.class.getName();

	private final LoopbackFastPath fastPath;

	/**
	 * Creates the customizer.
	 * @param fastPath the fast path
	 */
	public TomcatFastPathCustomizer(LoopbackFastPath fastPath) {
		this.fastPath = fastPath;
	}

	@Override
	public void customize(TomcatWebServerFactory factory) {
		String protocol = factory.getProtocol();
		if (TomcatWebServerFactory.DEFAULT_PROTOCOL.equals(protocol)) {
			factory.setProtocol(FAST_PATH_PROTOCOL);
		}
		factory.addProtocolHandlerCustomizers(this::apply);
		factory.addConnectorCustomizers(this::reportIfUnhooked);
		for (Connector connector : factory.getAdditionalConnectors()) {
			apply(connector.getProtocolHandler());
			reportIfUnhooked(connector);
		}
	}

	private void apply(ProtocolHandler protocolHandler) {
		if (protocolHandler instanceof FastPathHttp11NioProtocol fastPathProtocol) {
			fastPathProtocol.setLoopbackFastPath(this.fastPath);
		}
	}

	private void reportIfUnhooked(Connector connector) {
		if (connector.getProtocolHandler() instanceof FastPathHttp11NioProtocol) {
			return;
		}
		String protocol = connector.getProtocolHandler().getClass().getName();
		logger.warn("Loopback fast path: a Tomcat connector uses " + protocol
				+ ", which the starter cannot hook; create it with new Connector(\"" + FAST_PATH_PROTOCOL + "\")");
		AtomicReference<@Nullable FastPathListener> listener = new AtomicReference<>();
		connector.addLifecycleListener((event) -> {
			if (Lifecycle.AFTER_START_EVENT.equals(event.getType())) {
				listener.set(this.fastPath.unhookedListener(FastPathNioEndpoint.COMPONENT, address(connector),
						SkipReason.UNHOOKED,
						"connector protocol " + protocol + " has no fast-path hook; use " + FAST_PATH_PROTOCOL));
			}
			else if (Lifecycle.BEFORE_STOP_EVENT.equals(event.getType())) {
				FastPathListener started = listener.getAndSet(null);
				if (started != null) {
					this.fastPath.outcomes().removeListener(started);
				}
			}
		});
	}

	private static InetSocketAddress address(Connector connector) {
		if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
			return new InetSocketAddress(protocol.getAddress(), connector.getLocalPort());
		}
		return new InetSocketAddress(connector.getLocalPort());
	}

	@Override
	public int getOrder() {
		// Last, so that protocols and connectors set by other customizers are the
		// ones seen.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
