package io.github.loopbackfastpath.unix.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.loopbackfastpath.client.autoconfigure.ClientFastPathAutoConfiguration;
import io.github.loopbackfastpath.unix.OnUnavailable;
import io.github.loopbackfastpath.unix.UnixRoutesNotCoveredException;
import io.github.loopbackfastpath.unix.UnixSocketClients;
import io.github.loopbackfastpath.unix.UnixSocketTransport;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;

/**
 * Says at startup, once, when Unix-socket routes are configured and the HTTP client
 * library of the auto-configured clients cannot take them (Spring Boot's JDK
 * {@code HttpClient}, the default of a Spring MVC application with only
 * {@code spring-boot-starter-restclient}; Jetty's client; {@code HttpURLConnection}): a
 * WARN naming the dependency to add, and the same in the status's {@code notCovered}.
 * With {@code loopback.fastpath.unix.on-unavailable=fail} every request to a routed port
 * would fail, so startup stops instead ({@link UnixRoutesNotCoveredException}). The
 * builders are only looked at, never built: the clients' own builders report the same
 * reason when they are made, and the transport logs it only once. It runs when the
 * {@link UnixSocketClients} bean is created, which is before any auto-configured client
 * builder is handed to the application (the builders' post-processors need it), so that
 * its one line, naming every component, comes first.
 */
final class UnixRouteCoverageCheck {

	private static final String REST_TEMPLATE_BUILDER = "org.springframework.boot.restclient.RestTemplateBuilder";

	private static final String WEB_CLIENT_BUILDER = "org.springframework.web.reactive.function.client.WebClient$Builder";

	private final ListableBeanFactory beanFactory;

	private final UnixSocketClients clients;

	private final ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder;

	private final ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder;

	UnixRouteCoverageCheck(ListableBeanFactory beanFactory, UnixSocketClients clients,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder) {
		this.beanFactory = beanFactory;
		this.clients = clients;
		this.requestFactoryBuilder = requestFactoryBuilder;
		this.connectorBuilder = connectorBuilder;
	}

	/**
	 * Reports, or with {@code on-unavailable=fail} throws, as the class says.
	 * @throws UnixRoutesNotCoveredException with {@code on-unavailable=fail}
	 */
	void check() {
		if (this.clients.transport().routes().isEmpty()) {
			return;
		}
		List<String> imperative = new ArrayList<>();
		if (hasBean(RestClient.Builder.class.getName())) {
			imperative.add(ClientFastPathAutoConfiguration.RESTCLIENT);
		}
		if (hasBean(REST_TEMPLATE_BUILDER)) {
			imperative.add(ClientFastPathAutoConfiguration.RESTTEMPLATE);
		}
		if (!imperative.isEmpty()) {
			ClientHttpRequestFactoryBuilder<?> builder = this.requestFactoryBuilder
				.getIfAvailable(ClientHttpRequestFactoryBuilder::detect);
			if (!this.clients.routes(builder)) {
				notCovered(imperative, builder);
			}
		}
		if (hasBean(WEB_CLIENT_BUILDER)) {
			ClientHttpConnectorBuilder<?> builder = this.connectorBuilder
				.getIfAvailable(ClientHttpConnectorBuilder::detect);
			if (!this.clients.routes(builder)) {
				notCovered(List.of(ClientFastPathAutoConfiguration.WEBCLIENT), builder);
			}
		}
	}

	private boolean hasBean(String type) {
		ClassLoader classLoader = getClass().getClassLoader();
		if (!ClassUtils.isPresent(type, classLoader)) {
			return false;
		}
		// Prototype beans (the builders are) count; nothing is created to find out.
		return this.beanFactory.getBeanNamesForType(ClassUtils.resolveClassName(type, classLoader), true,
				false).length > 0;
	}

	private void notCovered(List<String> components, Object builder) {
		UnixSocketTransport transport = this.clients.transport();
		String reason = UnixSocketClients.notCoveredReason(builder);
		if (transport.onUnavailable() == OnUnavailable.FAIL) {
			throw new UnixRoutesNotCoveredException(components, transport.report().describeRoutes(), reason);
		}
		transport.coverage().notCovered(components, reason);
	}

}
