package io.github.loopbackfastpath.client;

import java.util.function.Supplier;

import io.github.loopbackfastpath.unix.UnixSocketClients;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.util.function.SingletonSupplier;

/**
 * Per-client control of the fast path for Spring's HTTP clients: the one mechanism behind
 * the auto-configured builders, open to application code. Every method builds from the
 * application's own {@link ClientHttpRequestFactoryBuilder} or
 * {@link ClientHttpConnectorBuilder} and {@link HttpClientSettings}, so timeouts, SSL
 * bundles and customizers apply as they do for Spring Boot's clients. <pre class="code">
 * RestClient payments = restClientBuilder.requestFactory(clients.requestFactory("payments-sidecar")).build();
 * RestClient external = restClientBuilder.requestFactory(clients.requestFactoryWithoutFastPath()).build();
 * WebClient audit = webClientBuilder.clientConnector(clients.connector("audit-agent")).build();
 * RestTemplate legacy = restTemplateBuilder.requestFactoryBuilder(clients.requestFactoryBuilder("legacy")).build();
 * </pre> Where {@code loopback.fastpath.unix.routes} are configured, the same clients
 * send requests to routed loopback ports over their Unix sockets
 * ({@link UnixSocketClients}); the {@code ...WithoutFastPath()} clients are built exactly
 * as Spring Boot builds them, without routes either.
 */
public final class FastPathClients {

	private final FastPathRequestFactories factories;

	private final Supplier<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder;

	private final Supplier<ClientHttpConnectorBuilder<?>> connectorBuilder;

	private final Supplier<HttpClientSettings> settings;

	private final SingletonSupplier<ClientHttpConnector> webClientConnector;

	private final @Nullable UnixSocketClients unixSockets;

	/**
	 * Creates the API.
	 * @param factories adds the fast path to builders
	 * @param requestFactoryBuilder the application's request factory builder
	 * @param connectorBuilder the application's reactive connector builder
	 * @param settings the application's HTTP client settings
	 * @param webClientComponent the component name of the shared connector of the
	 * auto-configured {@code WebClient.Builder}
	 */
	public FastPathClients(FastPathRequestFactories factories,
			Supplier<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			Supplier<ClientHttpConnectorBuilder<?>> connectorBuilder, Supplier<HttpClientSettings> settings,
			String webClientComponent) {
		this(factories, requestFactoryBuilder, connectorBuilder, settings, webClientComponent, null);
	}

	/**
	 * Creates the API with Unix-socket routes.
	 * @param factories adds the fast path to builders
	 * @param requestFactoryBuilder the application's request factory builder
	 * @param connectorBuilder the application's reactive connector builder
	 * @param settings the application's HTTP client settings
	 * @param webClientComponent the component name of the shared connector of the
	 * auto-configured {@code WebClient.Builder}
	 * @param unixSockets adds the Unix-socket routes, or {@code null} for none
	 */
	public FastPathClients(FastPathRequestFactories factories,
			Supplier<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			Supplier<ClientHttpConnectorBuilder<?>> connectorBuilder, Supplier<HttpClientSettings> settings,
			String webClientComponent, @Nullable UnixSocketClients unixSockets) {
		this.unixSockets = unixSockets;
		this.factories = factories;
		this.requestFactoryBuilder = requestFactoryBuilder;
		this.connectorBuilder = connectorBuilder;
		this.settings = settings;
		this.webClientConnector = SingletonSupplier.of(() -> connector(webClientComponent));
	}

	/**
	 * A request factory builder whose connections take the fast path under a component
	 * name, for {@code RestTemplateBuilder.requestFactoryBuilder(...)}.
	 * @param component the name outcomes are recorded under in {@code /actuator/loopback}
	 * @return the builder; the application's builder unchanged when it cannot be hooked
	 * (then recorded as not covered)
	 */
	public ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder(String component) {
		ClientHttpRequestFactoryBuilder<?> base = this.requestFactoryBuilder.get();
		ClientHttpRequestFactoryBuilder<?> fastPath = this.factories.requestFactoryBuilder(base, component);
		return routed(base, (fastPath != null) ? fastPath : base, component);
	}

	/**
	 * A request factory whose connections take the fast path under a component name, for
	 * {@code RestClient.Builder.requestFactory(...)}.
	 * @param component the name outcomes are recorded under
	 * @return a new request factory (with its own connection pool)
	 */
	public ClientHttpRequestFactory requestFactory(String component) {
		return requestFactoryBuilder(component).build(this.settings.get());
	}

	/**
	 * A request factory whose connections take the fast path under a component name, or
	 * nothing when the application's request factory cannot be hooked (recorded as not
	 * covered).
	 * @param component the name outcomes are recorded under
	 * @return a new request factory, or {@code null}
	 */
	public @Nullable ClientHttpRequestFactory requestFactoryIfCovered(String component) {
		ClientHttpRequestFactoryBuilder<?> base = this.requestFactoryBuilder.get();
		ClientHttpRequestFactoryBuilder<?> fastPath = this.factories.requestFactoryBuilder(base, component);
		ClientHttpRequestFactoryBuilder<?> routed = routed(base, (fastPath != null) ? fastPath : base, component);
		return (fastPath != null || routed != base) ? routed.build(this.settings.get()) : null;
	}

	/**
	 * A request factory built exactly as Spring Boot builds it, without the fast path.
	 * @return a new request factory
	 */
	public ClientHttpRequestFactory requestFactoryWithoutFastPath() {
		return this.requestFactoryBuilder.get().build(this.settings.get());
	}

	/**
	 * A reactive connector whose connections take the fast path under a component name,
	 * for {@code WebClient.Builder.clientConnector(...)}.
	 * @param component the name outcomes are recorded under
	 * @return a new connector
	 */
	public ClientHttpConnector connector(String component) {
		ClientHttpConnectorBuilder<?> base = this.connectorBuilder.get();
		ClientHttpConnectorBuilder<?> fastPath = this.factories.connectorBuilder(base, component);
		UnixSocketClients unixSockets = this.unixSockets;
		ClientHttpConnectorBuilder<?> routed = (unixSockets != null)
				? unixSockets.connectorBuilder(base, fastPath, component) : fastPath;
		return routed.build(this.settings.get());
	}

	/**
	 * A reactive connector built exactly as Spring Boot builds it, without the fast path.
	 * @return a new connector
	 */
	public ClientHttpConnector connectorWithoutFastPath() {
		return this.connectorBuilder.get().build(this.settings.get());
	}

	/**
	 * The connector that every auto-configured {@code WebClient.Builder} shares, as
	 * Spring Boot's own connector is shared: one connection pool.
	 * @return the shared connector
	 */
	public ClientHttpConnector webClientConnector() {
		return this.webClientConnector.obtain();
	}

	private ClientHttpRequestFactoryBuilder<?> routed(ClientHttpRequestFactoryBuilder<?> base,
			ClientHttpRequestFactoryBuilder<?> tcp, String component) {
		UnixSocketClients unixSockets = this.unixSockets;
		return (unixSockets != null) ? unixSockets.requestFactoryBuilder(base, tcp, component) : tcp;
	}

}
