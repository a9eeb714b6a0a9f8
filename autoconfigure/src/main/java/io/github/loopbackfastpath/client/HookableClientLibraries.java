package io.github.loopbackfastpath.client;

/**
 * What an application adds so that Spring Boot picks an HTTP client library the starter
 * can hook and route, for the messages that say a client is not covered. Setting
 * {@code spring.http.clients.imperative.factory} alone is not enough: without the library
 * on the class path the application stops with a {@code NoClassDefFoundError}.
 * <p>
 * Spring Boot 4.1's {@code ClientHttpRequestFactoryBuilder.detect()} picks, in this
 * order, Apache HttpClient 5, Jetty's client, Reactor Netty, the JDK {@code HttpClient}
 * and {@code HttpURLConnection}; {@code ClientHttpConnectorBuilder.detect()} picks
 * Reactor Netty first. So adding Apache HttpClient 5 switches RestClient and RestTemplate
 * without a property, and adding Reactor Netty switches WebClient.
 */
public final class HookableClientLibraries {

	/** Maven coordinates of Apache HttpClient 5 (version from the Spring Boot BOM). */
	public static final String HTTPCLIENT5 = "org.apache.httpcomponents.client5:httpclient5";

	/**
	 * Maven coordinates of Reactor Netty's HTTP client (version from the Spring Boot
	 * BOM).
	 */
	public static final String REACTOR_NETTY = "io.projectreactor.netty:reactor-netty-http";

	/** What RestClient and RestTemplate need, as one sentence part. */
	public static final String IMPERATIVE = "add the dependency " + HTTPCLIENT5
			+ " (Spring Boot then picks Apache HttpClient 5 for RestClient and RestTemplate, no property needed; "
			+ "if spring.http.clients.imperative.factory names another client, set "
			+ "spring.http.clients.imperative.factory=http-components), or " + REACTOR_NETTY
			+ " with spring.http.clients.imperative.factory=reactor";

	/** What WebClient needs, as one sentence part. */
	public static final String REACTIVE = "add the dependency " + REACTOR_NETTY
			+ " (Spring Boot then picks it for WebClient; if spring.http.clients.reactive.connector names another "
			+ "connector, set spring.http.clients.reactive.connector=reactor)";

	private HookableClientLibraries() {
	}

}
