package io.github.loopbackfastpath.unix;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.loopbackfastpath.test.TestPaths;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The transport's own checks and decisions: one route-port validation whichever way the
 * transport is built, and which hosts are loopback, decided without any name lookup.
 */
@Tag("unix")
class UnixSocketTransportTests {

	private static final String ROUTE_PORT_ACTION = "destination port (1-65535) as the key";

	@TempDir
	Path dir;

	@Test
	void aRoutePortThatNoRequestCanUseFailsWithOneMessageWhicheverWayTheTransportIsBuilt() {
		assertThatExceptionOfType(UnixSocketPathException.class)
			.isThrownBy(() -> UnixSocketTransport.of(Map.of(70000, TestPaths.absolute("run", "envoy.sock")),
					OnUnavailable.TCP, null, null))
			.satisfies((ex) -> assertRoutePort(ex, "loopback.fastpath.unix.routes.70000"));
		assertThatExceptionOfType(UnixSocketPathException.class)
			.isThrownBy(() -> UnixSocketTransport.ofRoutes(Map.of(0, TestPaths.absolute("run", "envoy.sock")),
					OnUnavailable.TCP))
			.satisfies((ex) -> assertRoutePort(ex, "loopback.fastpath.unix.routes.0"));
		assertThatExceptionOfType(UnixSocketPathException.class)
			.isThrownBy(() -> new UnixSocketTransport(Map.of(-1, Path.of(TestPaths.absolute("run", "envoy.sock"))),
					OnUnavailable.TCP, null, null))
			.satisfies((ex) -> assertRoutePort(ex, "loopback.fastpath.unix.routes.-1"));
	}

	@Test
	void thePortIsCheckedBeforeThePath() {
		assertThatExceptionOfType(UnixSocketPathException.class)
			.isThrownBy(() -> UnixSocketTransport.of(Map.of(0, "app.sock"), OnUnavailable.TCP, null, null))
			.satisfies((ex) -> assertRoutePort(ex, "loopback.fastpath.unix.routes.0"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.255.0.9", "127.000.000.001", "[::1]", "::1", "0:0:0:0:0:0:0:1",
			"[0::0:1]", "[::ffff:127.0.0.1]", "[::1%1]", "localhost", "LocalHost" })
	void loopbackHosts(String host) {
		assertThat(transport().isLoopbackHost(host)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "300.0.0.1", "127.0.0.256", "1.2.3", "127.1", "127.0.0.1.", ".127.0.0.1", "0127.0.0.1",
			"127.0.0.1x", "127.0.0.\u0661", "10.0.0.1", "::2", "[::ffff:10.0.0.1]", ":::1", "1::2::1", "::1::",
			"0:0:0:0:0:0:0:0:1", "0:0:0:0:0:0:1", "::00001", "::g", "sidecar.example", "localhost.", "" })
	void otherHosts(String host) {
		assertThat(transport().isLoopbackHost(host)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "10.1.2.3", "255.255.255.255", "::1", "::", "fe80::1:2",
			"2001:db8::8:800:200c:417a", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
			"::10.0.0.1", "1:2:3:4:5:6:1.2.3.4" })
	void literalsParseAsTheJdkParsesThem(String literal) throws Exception {
		// A literal: the JDK parses it without a lookup too.
		assertThat(HostLiteral.parse(literal)).isEqualTo(InetAddress.getByName(literal));
	}

	@Test
	void aRoutedPortAsksNoNameServiceForAHostThatLooksLikeAnIpv4Address() throws Exception {
		// A JVM whose name service answers 127.0.0.1 for 300.0.0.1: a lookup would make
		// it loopback and route the request. JDK 17 has no resolver SPI (JDK 18+), but
		// its jdk.net.hosts.file replaces the OS's name service for the whole JVM.
		Path hosts = this.dir.resolve("hosts");
		Files.writeString(hosts, "127.0.0.1 300.0.0.1\n", StandardCharsets.US_ASCII);
		Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Djdk.net.hosts.file=" + hosts, "-cp", probeClassPath(), HostLookupProbe.class.getName(), "300.0.0.1")
			.redirectErrorStream(true)
			.start();
		assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
		List<String> lines = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
		assertThat(lines).as("the probe's output").containsExactly("lookup=127.0.0.1", "routed=false");
	}

	/**
	 * Where the probe's classes are: the test's own class path need not list them (the
	 * JUnit console launcher on the Windows JVM loads them from its own option).
	 */
	private static String probeClassPath() throws Exception {
		StringBuilder path = new StringBuilder(System.getProperty("java.class.path"));
		for (Class<?> type : List.of(HostLookupProbe.class, UnixSocketTransport.class,
				org.apache.commons.logging.LogFactory.class)) {
			path.append(File.pathSeparator)
				.append(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
		}
		return path.toString();
	}

	@Test
	void theAnswerIsKeptForABoundedNumberOfHosts() {
		UnixSocketTransport transport = transport();
		for (int i = 0; i < UnixSocketTransport.MAX_CACHED_HOSTS * 4; i++) {
			assertThat(transport.isLoopbackHost("host-" + i + ".example")).isFalse();
			assertThat(transport.route(InetSocketAddress.createUnresolved("127.0.0." + (i % 250), 15001))).isNotNull();
		}
		assertThat(transport.isLoopbackHost("localhost")).isTrue();
		assertThat((Map<?, ?>) ReflectionTestUtils.getField(transport, "loopbackHosts"))
			.hasSize(UnixSocketTransport.MAX_CACHED_HOSTS);
	}

	private static UnixSocketTransport transport() {
		return UnixSocketTransport.ofRoutes(Map.of(15001, TestPaths.absolute("run", "envoy.sock")), OnUnavailable.TCP);
	}

	private static void assertRoutePort(UnixSocketPathException ex, String property) {
		assertThat(ex.getProperty()).isEqualTo(property);
		assertThat(ex.getAction()).contains(ROUTE_PORT_ACTION);
	}

}
