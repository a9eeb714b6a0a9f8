package io.github.loopbackfastpath.unix.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.github.loopbackfastpath.actuate.LoopbackEndpoint;
import io.github.loopbackfastpath.actuate.autoconfigure.LoopbackEndpointAutoConfiguration;
import io.github.loopbackfastpath.autoconfigure.LoopbackFastPathAutoConfiguration;
import io.github.loopbackfastpath.test.FailureAnalyses;
import io.github.loopbackfastpath.test.TestPaths;
import io.github.loopbackfastpath.unix.httpcomponents.UnixHttpComponentsClients;
import io.github.loopbackfastpath.unix.httpcomponents.UnixHttpComponentsNotCovered;
import io.github.loopbackfastpath.unix.netty.UnixNettyChannels;
import io.github.loopbackfastpath.unix.UnixSocketClients;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.github.loopbackfastpath.unix.netty.UnixReactorNettyClients;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.TomcatWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each condition of {@link UnixSocketAutoConfiguration} in isolation, and the startup
 * failures of unusable settings, as a user would read them.
 */
@Tag("unix")
class UnixSocketAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class,
				UnixSocketAutoConfiguration.class, LoopbackEndpointAutoConfiguration.class))
		.withPropertyValues("loopback.fastpath.enabled=true");

	@TempDir
	Path dir;

	@Test
	void nothingWhenTheFastPathIsDisabled() {
		this.runner.withPropertyValues("loopback.fastpath.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(UnixSocketTransport.class));
	}

	@Test
	void routesAndClientLibrariesWhenEnabled() {
		this.runner
			.withPropertyValues(
					"loopback.fastpath.unix.routes.15001=" + TestPaths.absolute("run", "envoy", "outbound.sock"))
			.run((context) -> {
				assertThat(context.getBean(UnixSocketTransport.class).routes()).containsOnlyKeys(15001);
				assertThat(context).hasSingleBean(UnixSocketClients.class)
					.hasSingleBean(UnixReactorNettyClients.class)
					.hasSingleBean(UnixHttpComponentsClients.class);
			});
	}

	@Test
	void theEndpointShowsTheRoutes() {
		this.runner
			.withPropertyValues(
					"loopback.fastpath.unix.routes.15001=" + TestPaths.absolute("run", "envoy", "outbound.sock"),
					"management.endpoints.web.exposure.include=loopback")
			.run((context) -> {
				LoopbackEndpoint.LoopbackDescriptor report = context.getBean(LoopbackEndpoint.class).loopback();
				assertThat(report.unix()).isNotNull();
				assertThat(report.unix().server()).isNull();
				assertThat(report.unix().routes().get(15001).path())
					.isEqualTo(TestPaths.absolute("run", "envoy", "outbound.sock"));
				assertThat(report.unix().onUnavailable()).isEqualTo("tcp");
			});
	}

	@Test
	void withoutReactorNettyItsRouteClientsAreNotCreated() {
		this.runner.withClassLoader(new FilteredClassLoader(reactor.netty.http.client.HttpClient.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(UnixReactorNettyClients.class)
				.hasSingleBean(UnixHttpComponentsClients.class));
	}

	@Test
	void withoutApacheHttpClientUnixSocketSupportItsRouteClientsAreNotCreated() {
		// HttpClient before 5.4 has no TlsSocketStrategy.
		this.runner.withClassLoader(new FilteredClassLoader("org.apache.hc.client5.http.ssl.TlsSocketStrategy"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(UnixHttpComponentsClients.class)
				.hasSingleBean(UnixReactorNettyClients.class));
	}

	@Test
	void withoutJunixsocketTheApacheRouteIsReportedAsNotCoveredWithTheDependencyToAdd() {
		this.runner
			.withPropertyValues(
					"loopback.fastpath.unix.routes.15001=" + TestPaths.absolute("run", "envoy", "outbound.sock"))
			.withClassLoader(new FilteredClassLoader("org.newsclub.net.unix"))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(UnixHttpComponentsClients.class)
					.hasSingleBean(UnixHttpComponentsNotCovered.class);
				ClientHttpRequestFactoryBuilder<?> tcp = ClientHttpRequestFactoryBuilder.simple();
				assertThat(context.getBean(UnixSocketClients.class)
					.requestFactoryBuilder(ClientHttpRequestFactoryBuilder.httpComponents(), tcp, "restclient"))
					.isSameAs(tcp);
				assertThat(context.getBean(UnixSocketTransport.class).coverage().notCovered())
					.containsOnlyKeys("restclient");
				assertThat(context.getBean(UnixSocketTransport.class).coverage().notCovered().get("restclient"))
					.startsWith("HttpComponentsClientHttpRequestFactoryBuilder")
					.contains("com.kohlschutter.junixsocket:junixsocket-core:2.10.1");
			});
		this.runner.run((context) -> assertThat(context).hasSingleBean(UnixHttpComponentsClients.class)
			.doesNotHaveBean(UnixHttpComponentsNotCovered.class));
	}

	@Test
	void nettyChannelsOnlyWithNettysNioDomainSocketChannel() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(UnixNettyChannels.class));
		this.runner.withClassLoader(new FilteredClassLoader("io.netty.channel.socket.nio.NioDomainSocketChannel"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(UnixNettyChannels.class));
	}

	@Test
	void tomcatListenerOnlyWithTomcatAndAServerPath() {
		WebApplicationContextRunner web = new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class, UnixSocketAutoConfiguration.class))
			.withPropertyValues("loopback.fastpath.enabled=true");
		String path = "loopback.fastpath.unix.server.path=" + this.dir.resolve("app.sock");
		web.withPropertyValues(path)
			.run((context) -> assertThat(context).hasSingleBean(TomcatUnixSocketCustomizer.class));
		web.run((context) -> assertThat(context).doesNotHaveBean(TomcatUnixSocketCustomizer.class));
		web.withPropertyValues(path)
			.withClassLoader(new FilteredClassLoader(TomcatWebServerFactory.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TomcatUnixSocketCustomizer.class));
	}

	@Test
	void relativeServerPathStopsStartupNamingPropertyAndFix() {
		assertFailure("loopback.fastpath.unix.server.path=app.sock", "loopback.fastpath.unix.server.path='app.sock'",
				TestPaths.absolutePathAdvice());
	}

	@Test
	void relativeRoutePathStopsStartupNamingPropertyAndFix() {
		assertFailure("loopback.fastpath.unix.routes.15001=envoy.sock", "loopback.fastpath.unix.routes.15001",
				TestPaths.absolutePathAdvice());
	}

	@Test
	void tooLongPathStopsStartupNamingPropertyAndFix() {
		String path = TestPaths.absolute("tmp", "x".repeat(120) + ".sock");
		assertFailure("loopback.fastpath.unix.server.path=" + path, "sun_path", "shorter path");
	}

	@Test
	void missingDirectoryStopsStartupNamingPropertyAndFix() {
		Path path = this.dir.resolve("missing").resolve("app.sock");
		assertFailure("loopback.fastpath.unix.server.path=" + path, "does not exist", "Create the directory");
	}

	@Test
	void badPermissionsStopStartupNamingPropertyAndFix() {
		assertFailure(
				new String[] { "loopback.fastpath.unix.server.path=" + this.dir.resolve("app.sock"),
						"loopback.fastpath.unix.server.permissions=660" },
				"loopback.fastpath.unix.server.permissions", "rw-rw----");
	}

	@Test
	void aRegularFileAtTheServerPathStopsStartupAndStaysIntact() throws Exception {
		Path file = Files.writeString(this.dir.resolve("app.sock"), "precious data");
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class, UnixSocketAutoConfiguration.class))
			.withPropertyValues("loopback.fastpath.enabled=true", "loopback.fastpath.unix.server.path=" + file)
			.run((context) -> {
				TomcatUnixSocketCustomizer customizer = context.getBean(TomcatUnixSocketCustomizer.class);
				Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> customizer
					.customize(new org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory()));
				FailureAnalysis analysis = FailureAnalyses.analyze(failure);
				assertThat(analysis.getDescription()).contains("loopback.fastpath.unix.server.path")
					.contains("not a Unix socket");
				assertThat(analysis.getAction()).contains("Move that file away");
			});
		assertThat(file).hasContent("precious data");
	}

	@Test
	void aDirectoryWritableByOthersStopsStartupNamingPropertyAndFix() throws Exception {
		assumeTrue(TestPaths.hasPosixPermissions(this.dir), "no POSIX permissions on this file system");
		// Checked once, with the path, for Tomcat and Reactor Netty alike.
		Path shared = Files.createDirectory(this.dir.resolve("shared"));
		Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
		assertFailure("loopback.fastpath.unix.server.path=" + shared.resolve("app.sock"), "rwxrwxrwx",
				"chmod rwxr-x---");
		Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-x---"));
		this.runner.withPropertyValues("loopback.fastpath.unix.server.path=" + shared.resolve("app.sock"))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void theTransportHasItsOwnSwitch() {
		this.runner.withPropertyValues("loopback.fastpath.enabled=false", "loopback.fastpath.unix.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(UnixSocketTransport.class);
				assertThat(context.getBean(io.github.loopbackfastpath.LoopbackFastPath.class).isOn()).isFalse();
			});
		this.runner.withPropertyValues("loopback.fastpath.unix.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(UnixSocketTransport.class));
	}

	@Test
	@EnabledOnOs({ OS.LINUX, OS.MAC })
	void anUnknownExpectedUserStopsStartupNamingPropertyAndFix() {
		assertFailure(
				new String[] { "loopback.fastpath.unix.routes.15001=" + this.dir.resolve("e.sock"),
						"loopback.fastpath.unix.peers.15001.user=no-such-user-here" },
				"there is no user 'no-such-user-here'", "numeric id");
	}

	@Test
	@EnabledOnOs({ OS.LINUX, OS.MAC })
	void anUnknownAllowedGroupBesideAKnownUserStopsStartupNamingTheGroup() {
		assertFailure(
				new String[] { "loopback.fastpath.unix.server.path=" + this.dir.resolve("s.sock"),
						"loopback.fastpath.unix.server.allowed-users=root",
						"loopback.fastpath.unix.server.allowed-groups=no-such-group-here" },
				"loopback.fastpath.unix.server.allowed-groups='no-such-group-here': there is no group "
						+ "'no-such-group-here'",
				"numeric id of the group");
	}

	@Test
	void anExpectedPeerWithoutARouteStopsStartupNamingPropertyAndFix() {
		assertFailure(
				new String[] { "loopback.fastpath.unix.routes.15001=" + this.dir.resolve("e.sock"),
						"loopback.fastpath.unix.peers.15002.user=nobody" },
				"loopback.fastpath.unix.peers.15002", "Add loopback.fastpath.unix.routes.15002");
	}

	@Test
	void anExpectedPeerWithoutUserOrGroupStopsStartupNamingPropertyAndFix() {
		assertFailure(
				new String[] { "loopback.fastpath.unix.routes.15001=" + this.dir.resolve("e.sock"),
						"loopback.fastpath.unix.peers.15001.group=" },
				"needs a user or a group", "loopback.fastpath.unix.peers.15001.user=");
	}

	@Test
	void allowedUsersWithoutAServerSocketStopStartupNamingPropertyAndFix() {
		assertFailure("loopback.fastpath.unix.server.allowed-users=nobody",
				"loopback.fastpath.unix.server.allowed-users", "Set loopback.fastpath.unix.server.path");
	}

	/**
	 * Windows (and Wine, under which CI runs this on a Windows JVM) cannot tell a Unix
	 * socket's peer: a peer check there stops startup instead of never checking.
	 */
	@Test
	@EnabledOnOs(OS.WINDOWS)
	void aPeerCheckWhereThePlatformCannotTellThePeerStopsStartup() {
		assertFailure(
				new String[] { "loopback.fastpath.unix.routes.15001=" + TestPaths.absolute("run", "e.sock"),
						"loopback.fastpath.unix.peers.15001.user=nobody" },
				"loopback.fastpath.unix.peers.15001.user", "Remove this setting on this platform");
	}

	@Test
	@EnabledOnOs({ OS.LINUX, OS.MAC })
	void theEndpointShowsPeerChecks() {
		this.runner.withPropertyValues("loopback.fastpath.unix.routes.15001=" + this.dir.resolve("e.sock"),
				"loopback.fastpath.unix.peers.15001.user=nobody", "management.endpoints.web.exposure.include=loopback")
			.run((context) -> {
				io.github.loopbackfastpath.actuate.UnixDescriptor unix = context
					.getBean(io.github.loopbackfastpath.actuate.LoopbackEndpoint.class)
					.loopback()
					.unix();
				assertThat(unix.routes().get(15001).expectedPeer()).isEqualTo("user nobody");
				assertThat(unix.routes().get(15001).peerRejected()).isZero();
				assertThat(unix.peerCredentials().available())
					.isEqualTo(io.github.loopbackfastpath.unix.UnixPeerRule.peerCredentialsUnavailable() == null);
				assertThat(unix.warnings()).isEmpty();
			});
	}

	private void assertFailure(String property, String description, String action) {
		assertFailure(new String[] { property }, description, action);
	}

	private void assertFailure(String[] properties, String description, String action) {
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains(description);
			assertThat(analysis.getAction()).contains(action);
		});
	}

}
