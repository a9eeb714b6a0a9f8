package io.github.loopbackfastpath.client.autoconfigure;

import io.github.loopbackfastpath.client.FastPathRequestFactories;
import io.github.loopbackfastpath.unix.UnixSocketClients;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.HttpClientSettingsPropertyMapper;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;
import org.springframework.core.Ordered;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.service.registry.HttpServiceGroup;

/**
 * Gives each {@code RestClient} group a fast-path request factory built by the
 * application's request factory builder from the group's own settings. Runs right after
 * Spring Boot's properties configurer (order {@code HIGHEST_PRECEDENCE + 10}), which sets
 * the request factory it replaces, and before the application's configurers and
 * {@code RestClientCustomizer}s, so a request factory they set still wins. Where
 * {@code loopback.fastpath.unix.routes} are configured, the group's requests to routed
 * loopback ports go over the route's Unix socket, through request factories built from
 * the same builder and group settings.
 */
final class RestClientGroupsFastPath implements RestClientHttpServiceGroupConfigurer {

	private final FastPathRequestFactories factories;

	private final HttpServiceClientProperties properties;

	private final HttpClientSettingsPropertyMapper settings;

	private final ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder;

	private final @Nullable UnixSocketClients unixSockets;

	RestClientGroupsFastPath(FastPathRequestFactories factories, HttpServiceClientProperties properties,
			HttpClientSettingsPropertyMapper settings, ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder,
			@Nullable UnixSocketClients unixSockets) {
		this.factories = factories;
		this.properties = properties;
		this.settings = settings;
		this.requestFactoryBuilder = requestFactoryBuilder;
		this.unixSockets = unixSockets;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 11;
	}

	@Override
	public void configureGroups(Groups<RestClient.Builder> groups) {
		groups.forEachClient(this::configureClient);
	}

	private void configureClient(HttpServiceGroup group, RestClient.Builder builder) {
		String component = HttpServiceGroupFastPathAutoConfiguration.COMPONENT_PREFIX + group.name();
		ClientHttpRequestFactoryBuilder<?> base = this.requestFactoryBuilder;
		ClientHttpRequestFactoryBuilder<?> fastPath = this.factories.requestFactoryBuilder(base, component);
		// Null: not covered (recorded); the same builder: nothing would be applied.
		ClientHttpRequestFactoryBuilder<?> tcp = (fastPath != null) ? fastPath : base;
		UnixSocketClients unixSockets = this.unixSockets;
		ClientHttpRequestFactoryBuilder<?> routed = (unixSockets != null)
				? unixSockets.requestFactoryBuilder(base, tcp, component) : tcp;
		// Without fast path and routes, the request factory Spring Boot has just
		// set stays.
		if (routed != base) {
			builder.requestFactory(routed.build(this.settings.map(this.properties.get(group.name()))));
		}
	}

}
