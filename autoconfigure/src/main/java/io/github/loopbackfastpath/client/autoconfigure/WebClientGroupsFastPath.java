package io.github.loopbackfastpath.client.autoconfigure;

import java.util.function.BooleanSupplier;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.client.FastPathRequestFactories;
import io.github.loopbackfastpath.unix.UnixSocketClients;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.autoconfigure.HttpClientSettingsPropertyMapper;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;
import org.springframework.web.service.registry.HttpServiceGroup;

/**
 * Gives each {@code WebClient} group a fast-path connector built by the application's
 * connector builder from the group's own settings. Runs right after Spring Boot's
 * properties configurer (order {@code HIGHEST_PRECEDENCE + 10}), which sets the connector
 * it replaces, and before the application's configurers and {@code WebClientCustomizer}s,
 * so a connector they set still wins; Spring Boot's own shared-connector customizer is
 * kept off these builders (see {@link WebClientGroupConnectors}). Where
 * {@code loopback.fastpath.unix.routes} are configured, the group's requests to routed
 * loopback ports go over the route's Unix socket, through connectors built from the same
 * builder and group settings.
 */
final class WebClientGroupsFastPath implements WebClientHttpServiceGroupConfigurer {

	static final String APPLICATION_CONNECTOR = "the application's own ClientHttpConnector bean, which Spring Boot "
			+ "sets on every WebClient group, carries this group's connections; build it with "
			+ "FastPathClients.connector(...) to put them on the fast path";

	private final FastPathRequestFactories factories;

	private final HttpServiceClientProperties properties;

	private final HttpClientSettingsPropertyMapper settings;

	private final ClientHttpConnectorBuilder<?> connectorBuilder;

	private final WebClientGroupConnectors connectors;

	private final LoopbackFastPath fastPath;

	private final BooleanSupplier applicationConnector;

	private final @Nullable UnixSocketClients unixSockets;

	/**
	 * Creates the configurer.
	 * @param applicationConnector whether the application defines a
	 * {@code ClientHttpConnector} bean of its own, which Spring Boot sets on every group
	 * @param unixSockets adds the Unix-socket routes, or {@code null} for none
	 */
	WebClientGroupsFastPath(FastPathRequestFactories factories, HttpServiceClientProperties properties,
			HttpClientSettingsPropertyMapper settings, ClientHttpConnectorBuilder<?> connectorBuilder,
			WebClientGroupConnectors connectors, LoopbackFastPath fastPath, BooleanSupplier applicationConnector,
			@Nullable UnixSocketClients unixSockets) {
		this.factories = factories;
		this.properties = properties;
		this.settings = settings;
		this.connectorBuilder = connectorBuilder;
		this.connectors = connectors;
		this.fastPath = fastPath;
		this.applicationConnector = applicationConnector;
		this.unixSockets = unixSockets;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 11;
	}

	@Override
	public void configureGroups(Groups<WebClient.Builder> groups) {
		groups.forEachClient(this::configureClient);
	}

	private void configureClient(HttpServiceGroup group, WebClient.Builder builder) {
		String component = HttpServiceGroupFastPathAutoConfiguration.COMPONENT_PREFIX + group.name();
		if (this.applicationConnector.getAsBoolean()) {
			// Spring Boot sets the application's connector on every group: it is the
			// application's choice, and it stays.
			this.fastPath.notCovered(component, APPLICATION_CONNECTOR);
			return;
		}
		ClientHttpConnectorBuilder<?> base = this.connectorBuilder;
		// The same builder: not covered (recorded).
		ClientHttpConnectorBuilder<?> fastPath = this.factories.connectorBuilder(base, component);
		UnixSocketClients unixSockets = this.unixSockets;
		ClientHttpConnectorBuilder<?> routed = (unixSockets != null)
				? unixSockets.connectorBuilder(base, fastPath, component) : fastPath;
		// Without fast path and routes, the connector Spring Boot has just set stays.
		if (routed != base) {
			builder.clientConnector(routed.build(this.settings.map(this.properties.get(group.name()))));
			this.connectors.keep(builder);
		}
	}

}
