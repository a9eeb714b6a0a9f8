package io.github.loopbackfastpath.unix;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.autoconfigure.LoopbackFastPathAutoConfiguration;
import io.github.loopbackfastpath.client.HookableClientLibraries;
import io.github.loopbackfastpath.test.FailureAnalyses;
import io.github.loopbackfastpath.test.UnixSidecar;
import io.github.loopbackfastpath.unix.autoconfigure.UnixSocketAutoConfiguration;
import org.newsclub.net.unix.AFUNIXSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes configured for clients whose library cannot take them (Spring Boot's JDK
 * {@code HttpClient}, the default of a Spring MVC application with only
 * {@code spring-boot-starter-restclient}) are reported at startup, once, with the
 * dependency to add; with {@code on-unavailable=fail} they stop startup. Unix-socket
 * paths at startup that cannot be a sidecar's socket are logged.
 */
@ExtendWith(OutputCaptureExtension.class)
@EnabledIfUnixDomainSockets
class UnixRouteCoverageTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
						ReactiveHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
						RestTemplateAutoConfiguration.class, WebClientAutoConfiguration.class,
						LoopbackFastPathAutoConfiguration.class, UnixSocketAutoConfiguration.class))
		.withPropertyValues("loopback.fastpath.enabled=true");

	@TempDir
	Path dir;

	@Test
	void jdkClientWithARouteIsReportedOnceAtStartupWithTheDependencyToAdd(CapturedOutput output) {
		this.runner.withPropertyValues(route(), "spring.http.clients.imperative.factory=jdk").run((context) -> {
			assertThat(context).hasNotFailed();
			UnixSocketTransport transport = context.getBean(UnixSocketTransport.class);
			assertThat(transport.coverage().notCovered()).containsOnlyKeys("restclient", "resttemplate");
			assertThat(transport.coverage().notCovered().get("restclient"))
				.startsWith("JdkClientHttpRequestFactoryBuilder: ")
				.contains(HookableClientLibraries.HTTPCLIENT5)
				.contains(HookableClientLibraries.REACTOR_NETTY);
			// The builders report the same reason when the application makes its
			// clients; it is not logged again.
			context.getBean(RestTemplateBuilder.class).build();
			assertThat(output.getOut().split("do not cover", -1)).as("WARN lines").hasSize(2);
			assertThat(output.getOut()).contains("do not cover restclient, resttemplate: JdkClientHttpRequestFactory");
		});
	}

	@Test
	void jdkConnectorWithARouteIsReportedForWebClient() {
		this.runner.withPropertyValues(route(), "spring.http.clients.reactive.connector=jdk").run((context) -> {
			UnixSocketTransport transport = context.getBean(UnixSocketTransport.class);
			assertThat(transport.coverage().notCovered()).containsOnlyKeys("webclient");
			assertThat(transport.coverage().notCovered().get("webclient")).startsWith("JdkClientHttpConnectorBuilder: ")
				.contains(HookableClientLibraries.REACTOR_NETTY);
		});
	}

	@Test
	void routableClientsAreNotReported() {
		this.runner.withPropertyValues(route(), "loopback.fastpath.unix.on-unavailable=fail").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(UnixSocketTransport.class).coverage().notCovered()).isEmpty();
		});
	}

	@Test
	void apacheWithoutJunixsocketIsReportedUnderItsComponentsAndStopsStartupWithFail() {
		// The coverage check asks each library without building a client: Apache
		// HttpClient without junixsocket cannot take a route, so it is reported under
		// the components that use it, never as covered nor under an empty name.
		ApplicationContextRunner withoutJunixsocket = this.runner
			.withClassLoader(new FilteredClassLoader(AFUNIXSocket.class))
			.withPropertyValues(route(), "spring.http.clients.imperative.factory=http-components");
		withoutJunixsocket.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(UnixSocketTransport.class).coverage().notCovered())
				.containsOnlyKeys("restclient", "resttemplate");
		});
		withoutJunixsocket.withPropertyValues("loopback.fastpath.unix.on-unavailable=fail")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void withoutRoutesNothingIsReported() {
		this.runner
			.withPropertyValues("spring.http.clients.imperative.factory=jdk",
					"loopback.fastpath.unix.on-unavailable=fail")
			.run((context) -> assertThat(context.getBean(UnixSocketTransport.class).coverage().notCovered()).isEmpty());
	}

	@Test
	void withOnUnavailableFailAnUnroutableClientStopsStartupNamingTheDependency() {
		this.runner
			.withPropertyValues(route(), "spring.http.clients.imperative.factory=jdk",
					"loopback.fastpath.unix.on-unavailable=fail")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("loopback:15001 -> " + this.dir.resolve("s.sock"))
					.contains("restclient, resttemplate")
					.contains("JdkClientHttpRequestFactoryBuilder")
					.contains("on-unavailable=fail");
				assertThat(analysis.getAction()).contains(HookableClientLibraries.HTTPCLIENT5)
					.contains("loopback.fastpath.unix.on-unavailable=tcp");
			});
	}

	@Test
	void startsWithoutWebClientOnTheClassPath() {
		this.runner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.withPropertyValues(route(), "spring.http.clients.imperative.factory=jdk")
			.run((context) -> assertThat(context.getBean(UnixSocketTransport.class).coverage().notCovered())
				.containsOnlyKeys("restclient", "resttemplate"));
	}

	@Test
	void routeInAMissingDirectoryIsLoggedAtStartup(CapturedOutput output) {
		Path path = this.dir.resolve("missing").resolve("s.sock");
		this.runner.withPropertyValues("loopback.fastpath.unix.routes.15001=" + path).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output.getOut()).contains("WARN")
				.contains("loopback.fastpath.unix.routes.15001=" + path)
				.contains("its directory " + path.getParent() + " does not exist");
		});
	}

	@Test
	void routeToARegularFileIsLoggedAtStartupAndTheFileIsLeftAlone(CapturedOutput output) throws Exception {
		Path path = Files.writeString(this.dir.resolve("s.sock"), "not a socket");
		this.runner.withPropertyValues("loopback.fastpath.unix.routes.15001=" + path).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output.getOut()).contains(path + " is not a Unix socket (a regular file)");
		});
		assertThat(path).hasContent("not a socket");
	}

	@Test
	void routeToAMissingSocketInAnExistingDirectoryIsNotLogged(CapturedOutput output) {
		this.runner.withPropertyValues(route()).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output.getOut()).doesNotContain("Unix-socket route loopback.fastpath.unix.routes");
		});
	}

	@Test
	void unavailableReasonNamesTheSocketPathAndWhatIsThere() throws Exception {
		Path file = Files.writeString(this.dir.resolve("f.sock"), "x");
		ConnectException refused = new ConnectException("Connection refused");
		Exception apache = new IOException("Connect to http://127.0.0.1:15001 failed: Connection refused", refused);
		assertThat(UnixRouteAvailability.unavailableReason(file, apache))
			.isEqualTo(file + " is not a Unix socket (a regular file) (Connection refused)");
		Path stale = this.dir.resolve("stale.sock");
		UnixSidecar.stale(stale);
		assertThat(UnixRouteAvailability.unavailableReason(stale, apache))
			.startsWith("nothing listens on the Unix socket " + stale)
			.endsWith("(Connection refused)");
		Path missing = this.dir.resolve("gone").resolve("x.sock");
		assertThat(UnixRouteAvailability.unavailableReason(missing, apache)).startsWith(
				"there is no Unix socket at " + missing + ": its directory " + missing.getParent() + " does not exist");
	}

	private String route() {
		return "loopback.fastpath.unix.routes.15001=" + this.dir.resolve("s.sock");
	}

}
