package io.github.loopbackfastpath.client.autoconfigure;

import java.util.function.BooleanSupplier;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.client.FastPathRequestFactories;

import org.springframework.boot.http.client.autoconfigure.HttpClientSettingsPropertyMapper;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;
import org.springframework.web.service.registry.HttpServiceGroup;

/**
 * Gives each {@code WebClient} group a fast-path connector built by the application's connector
 * builder from the group's own settings. Runs right after Spring Boot's properties configurer
 * (order {@code HIGHEST_PRECEDENCE + 10}), which sets the connector it replaces, and before the
 * application's configurers and {@code WebClientCustomizer}s, so a connector they set still
 * wins; Spring Boot's own shared-connector customizer is kept off these builders (see
 * {@link WebClientGroupConnectors}).
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

	/**
	 * Creates the configurer.
	 * @param applicationConnector whether the application defines a {@code ClientHttpConnector}
	 * bean of its own, which Spring Boot sets on every group
	 */
	WebClientGroupsFastPath(FastPathRequestFactories factories, HttpServiceClientProperties properties,
			HttpClientSettingsPropertyMapper settings, ClientHttpConnectorBuilder<?> connectorBuilder,
			WebClientGroupConnectors connectors, LoopbackFastPath fastPath, BooleanSupplier applicationConnector) {
		this.factories = factories;
		this.properties = properties;
		this.settings = settings;
		this.connectorBuilder = connectorBuilder;
		this.connectors = connectors;
		this.fastPath = fastPath;
		this.applicationConnector = applicationConnector;
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
			// Spring Boot sets the application's connector on every group: it is the application's
			// choice, and it stays.
			this.fastPath.notCovered(component, APPLICATION_CONNECTOR);
			return;
		}
		ClientHttpConnectorBuilder<?> fastPath = this.factories.connectorBuilder(this.connectorBuilder, component);
		// The same builder: not covered (recorded); the connector Spring Boot has just set stays.
		if (fastPath != this.connectorBuilder) {
			builder.clientConnector(fastPath.build(this.settings.map(this.properties.get(group.name()))));
			this.connectors.keep(builder);
		}
	}

}
