package io.github.loopbackfastpath.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLHandshakeException;

import com.sun.net.httpserver.HttpsServer;
import java.util.function.Function;

import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.test.SelfSignedTls;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandInExtension;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static io.github.loopbackfastpath.client.ClientAssertions.assertOneCallPerConnection;
import static io.github.loopbackfastpath.client.ClientAssertions.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The auto-configured RestClient and RestTemplate with the request factory Spring Boot
 * detects first, Apache HttpClient 5, against loopback stubs with the C stand-in of
 * {@code WSAIoctl}. HttpClient does not use Netty, so this class runs in the default
 * Surefire execution.
 */
@ExtendWith(WsaStandInExtension.class)
class HttpComponentsClientFastPathTests {

	@Test
	void apacheHttpClientIsTheDetectedFactory() {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
				.isInstanceOf(HttpComponentsClientHttpRequestFactoryBuilder.class);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1" })
	void restClientMakesOneCallPerNewConnectionBeforeConnect(String host) throws Exception {
		try (SidecarStub sidecar = SidecarStub.start(host); ConfigurableApplicationContext context = start()) {
			RestClient client = context.getBean(RestClient.Builder.class).baseUrl(sidecar.url()).build();
			Function<String, String> get = (path) -> client.get().uri(path).retrieve().body(String.class);
			assertOneCallPerConnection(context, sidecar, get, "restclient", host);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1" })
	void restTemplateMakesOneCallPerNewConnectionBeforeConnect(String host) throws Exception {
		try (SidecarStub sidecar = SidecarStub.start(host); ConfigurableApplicationContext context = start()) {
			var client = context.getBean(RestTemplateBuilder.class).rootUri(sidecar.url()).build();
			Function<String, String> get = (path) -> client.getForObject(path, String.class);
			assertOneCallPerConnection(context, sidecar, get, "resttemplate", host);
		}
	}

	@Test
	void portNotListedIsSkippedWithoutCallAndListedPortIsApplied() throws Exception {
		try (SidecarStub listed = SidecarStub.start("127.0.0.1");
				SidecarStub other = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = start("loopback.fastpath.client.ports=" + listed.port())) {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			assertThat(client.get().uri(other.url()).retrieve().body(String.class)).isEqualTo("pong");
			assertThat(WsaStandIn.calls()).isEmpty();
			assertThat(client.get().uri(listed.url()).retrieve().body(String.class)).isEqualTo("pong");
			assertThat(WsaStandIn.calls()).hasSize(1);
			ComponentStats stats = stats(context, "restclient");
			assertThat(stats.skips()).containsEntry("port-not-listed", 1L);
			assertThat(stats.destinations().get(other.port()).skipped()).isEqualTo(1);
			assertThat(stats.destinations().get(listed.port()).applied()).isEqualTo(1);
		}
	}

	@Test
	void injectedErrorLeavesEveryRequestSucceeding() throws Exception {
		WsaStandIn.failWith(WsaStandIn.WSAEOPNOTSUPP);
		try (SidecarStub sidecar = SidecarStub.start("127.0.0.1"); ConfigurableApplicationContext context = start()) {
			RestClient restClient = context.getBean(RestClient.Builder.class).baseUrl(sidecar.url()).build();
			var restTemplate = context.getBean(RestTemplateBuilder.class).rootUri(sidecar.url()).build();
			for (int i = 0; i < 3; i++) {
				assertThat(restClient.get().uri("/b").retrieve().body(String.class)).isEqualTo("pong");
				assertThat(restTemplate.getForObject("/c", String.class)).isEqualTo("pong");
			}
			for (String component : List.of("restclient", "resttemplate")) {
				ComponentStats stats = stats(context, component);
				assertThat(stats.failed()).as(component).isEqualTo(1);
				assertThat(stats.failures()).as(component).containsEntry("WSAEOPNOTSUPP (10045)", 1L);
			}
			assertThat(WsaStandIn.calls()).hasSize(2);
			assertThat(sidecar.clientPorts()).hasSize(6);
		}
	}

	@Test
	@Timeout(30)
	void readTimeoutOfTheHttpClientSettingsStillApplies() throws Exception {
		// The kernel completes the handshake for the listen backlog; nobody ever answers.
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
				ConfigurableApplicationContext context = start("spring.http.clients.read-timeout=300ms")) {
			String url = "http://127.0.0.1:" + silent.getLocalPort() + "/";
			RestClient restClient = context.getBean(RestClient.Builder.class).build();
			var restTemplate = context.getBean(RestTemplateBuilder.class).build();
			// Without the setting nothing times out: the test's own timeout then
			// fails it.
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> restClient.get().uri(url).retrieve().body(String.class))
				.withRootCauseInstanceOf(SocketTimeoutException.class);
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> restTemplate.getForObject(url, String.class))
				.withRootCauseInstanceOf(SocketTimeoutException.class);
			assertThat(stats(context, "restclient").applied()).isEqualTo(1);
			assertThat(stats(context, "resttemplate").applied()).isEqualTo(1);
		}
	}

	@Test
	@Timeout(30)
	void restTemplateBuilderReadTimeoutIsTheOneUsed() throws Exception {
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
				ConfigurableApplicationContext context = start()) {
			String url = "http://127.0.0.1:" + silent.getLocalPort() + "/";
			var restTemplate = context.getBean(RestTemplateBuilder.class)
				.readTimeout(java.time.Duration.ofMillis(300))
				.build();
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> restTemplate.getForObject(url, String.class))
				.withRootCauseInstanceOf(SocketTimeoutException.class);
			assertThat(stats(context, "resttemplate").applied()).isEqualTo(1);
		}
	}

	@Test
	@Timeout(30)
	@EnabledOnOs(value = OS.LINUX,
			disabledReason = "needs a kernel that drops SYNs to a listener whose accept queue is full")
	void connectTimeoutOfTheHttpClientSettingsStillApplies() throws Exception {
		InetAddress loopback = InetAddress.getByName("127.0.0.1");
		try (ServerSocket full = new ServerSocket(0, 1, loopback)) {
			List<Socket> queued = fillAcceptQueue(new InetSocketAddress(loopback, full.getLocalPort()));
			try (ConfigurableApplicationContext context = start("spring.http.clients.connect-timeout=300ms")) {
				RestClient restClient = context.getBean(RestClient.Builder.class).build();
				// HttpClient's own connect timeout is three minutes: only the setting
				// ends this in time.
				assertThatExceptionOfType(ResourceAccessException.class)
					.isThrownBy(() -> restClient.get()
						.uri("http://127.0.0.1:" + full.getLocalPort() + "/")
						.retrieve()
						.body(String.class))
					.withCauseInstanceOf(ConnectTimeoutException.class);
				assertThat(WsaStandIn.calls()).singleElement()
					.satisfies((call) -> assertThat(call.connected()).isFalse());
			}
			finally {
				for (Socket socket : queued) {
					socket.close();
				}
			}
		}
	}

	/**
	 * Connects until the listener's accept queue is full: Linux then drops further SYNs,
	 * so the next connect waits for its timeout. Every socket here talks to loopback
	 * only.
	 */
	private static List<Socket> fillAcceptQueue(InetSocketAddress listener) throws IOException {
		List<Socket> queued = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			Socket socket = new Socket();
			try {
				socket.connect(listener, 200);
				queued.add(socket);
			}
			catch (SocketTimeoutException ex) {
				socket.close();
				return queued;
			}
		}
		throw new IllegalStateException("The accept queue never filled up; cannot provoke a connect timeout");
	}

	@Test
	void httpClientCustomizersOfTheApplicationKeepWorking() throws Exception {
		try (SidecarStub sidecar = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = new SpringApplicationBuilder(HttpComponentsClientApp.class,
						UserCustomizer.class)
					.web(WebApplicationType.NONE)
					.properties("loopback.fastpath.enabled=true")
					.run()) {
			RestClient client = context.getBean(RestClient.Builder.class).baseUrl(sidecar.url()).build();
			assertThat(client.get().uri("/").retrieve().body(String.class)).isEqualTo("pong");
			assertThat(sidecar.testHeaders()).containsExactly("apache-http-client-customizer");
			assertThat(stats(context, "restclient").applied()).isEqualTo(1);
		}
	}

	@Test
	void tlsRunsOverTheFastPathSocketWithTheSslBundleOfTheSettings(@TempDir Path directory) throws Exception {
		Path keyStore = SelfSignedTls.keyStore(directory.resolve("sidecar.p12"));
		HttpsServer server = SelfSignedTls.httpsServer(keyStore);
		try {
			String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/";
			try (ConfigurableApplicationContext context = start(
					"spring.ssl.bundle.jks.sidecar.truststore.location=" + keyStore.toUri(),
					"spring.ssl.bundle.jks.sidecar.truststore.password=secret",
					"spring.ssl.bundle.jks.sidecar.truststore.type=PKCS12", "spring.http.clients.ssl.bundle=sidecar")) {
				RestClient restClient = context.getBean(RestClient.Builder.class).build();
				assertThat(restClient.get().uri(url).retrieve().body(String.class)).isEqualTo("pong over tls");
				assertThat(WsaStandIn.calls()).singleElement().satisfies((call) -> {
					assertThat(call.violation()).isEmpty();
					assertThat(call.connected()).isFalse();
				});
				assertThat(stats(context, "restclient").applied()).isEqualTo(1);
			}
			// Without the bundle the sidecar's certificate is not trusted: the bundle is
			// what made it work.
			try (ConfigurableApplicationContext context = start()) {
				RestClient restClient = context.getBean(RestClient.Builder.class).build();
				assertThatExceptionOfType(ResourceAccessException.class)
					.isThrownBy(() -> restClient.get().uri(url).retrieve().body(String.class))
					.withCauseInstanceOf(SSLHandshakeException.class);
			}
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void withTheClientSideDisabledBootsConnectionManagerStaysAndEachNewConnectionIsASkip() throws Exception {
		try (SidecarStub first = SidecarStub.start("127.0.0.1");
				SidecarStub second = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = new SpringApplicationBuilder(HttpComponentsClientApp.class,
						UserConnectionManagerCustomizer.class)
					.web(WebApplicationType.NONE)
					.properties("loopback.fastpath.enabled=true", "loopback.fastpath.client.enabled=false")
					.run()) {
			RestClient restClient = context.getBean(RestClient.Builder.class).build();
			var restTemplate = context.getBean(RestTemplateBuilder.class).build();
			for (int i = 0; i < 2; i++) {
				assertThat(restClient.get().uri(first.url()).retrieve().body(String.class)).isEqualTo("pong");
				assertThat(restTemplate.getForObject(second.url(), String.class)).isEqualTo("pong");
			}
			assertThat(restClient.get().uri(second.url()).retrieve().body(String.class)).isEqualTo("pong");
			// One connection per client and sidecar, seen by the sidecars themselves.
			assertThat(first.clientPorts()).hasSize(2).containsOnly(first.clientPorts().get(0));
			assertThat(second.clientPorts()).hasSize(3);
			assertThat(Set.copyOf(second.clientPorts())).hasSize(2);
			assertThat(WsaStandIn.calls()).isEmpty();
			assertThat(stats(context, "restclient").skips()).containsExactly(Map.entry("client-disabled", 2L));
			assertThat(stats(context, "restclient").applied() + stats(context, "restclient").failed()).isZero();
			assertThat(stats(context, "resttemplate").skips()).containsExactly(Map.entry("client-disabled", 1L));
			// Spring Boot's connection manager, with the application's
			// connection-manager customizer.
			assertThat(context.getBean(UserConnectionManagerCustomizer.class).resolved).contains("127.0.0.1");
		}
	}

	@Test
	void onAPlatformWithoutTheFastPathEachNewConnectionIsASkipWithThatReason() throws Exception {
		WsaStandIn.uninstall();
		try (SidecarStub sidecar = SidecarStub.start("127.0.0.1"); ConfigurableApplicationContext context = start()) {
			RestClient restClient = context.getBean(RestClient.Builder.class).baseUrl(sidecar.url()).build();
			assertThat(restClient.get().uri("/a").retrieve().body(String.class)).isEqualTo("pong");
			assertThat(restClient.get().uri("/b").retrieve().body(String.class)).isEqualTo("pong");
			assertThat(sidecar.clientPorts()).hasSize(2).containsOnly(sidecar.clientPorts().get(0));
			assertThat(stats(context, "restclient").skips()).containsExactly(Map.entry("platform-unsupported", 1L));
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(HttpComponentsClientApp.class).web(WebApplicationType.NONE)
			.properties("loopback.fastpath.enabled=true")
			.properties(properties)
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCustomizer {

		@Bean
		ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> defaultHeader() {
			return (builder) -> builder.withHttpClientCustomizer((httpClient) -> httpClient
				.setDefaultHeaders(List.of(new BasicHeader(SidecarStub.TEST_HEADER, "apache-http-client-customizer"))));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserConnectionManagerCustomizer {

		final List<String> resolved = new CopyOnWriteArrayList<>();

		@Bean
		ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> dnsResolver() {
			DnsResolver recording = new DnsResolver() {

				@Override
				public InetAddress[] resolve(String host) throws UnknownHostException {
					UserConnectionManagerCustomizer.this.resolved.add(host);
					return SystemDefaultDnsResolver.INSTANCE.resolve(host);
				}

				@Override
				public String resolveCanonicalHostname(String host) throws UnknownHostException {
					return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
				}

			};
			return (builder) -> builder
				.withConnectionManagerCustomizer((connectionManager) -> connectionManager.setDnsResolver(recording));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class HttpComponentsClientApp {

	}

}
