package io.github.loopbackfastpath.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.loopbackfastpath.test.FailureAnalyses;
import io.github.loopbackfastpath.test.TestPaths;
import io.github.loopbackfastpath.unix.autoconfigure.UnixSocketAutoConfiguration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every kind of wrong value of every {@code loopback.fastpath} property, one test each:
 * startup stops with a failure analysis whose description names the property and the
 * value and whose action says how to fix it, and nothing on disk changes. The rows are
 * the table "Bad configuration" in {@code docs/troubleshooting.md}, which
 * {@link #everyRowIsInTheDocsTable()} keeps in step.
 */
class BadInputTests {

	private static final Path TROUBLESHOOTING = Path.of("..", "docs", "troubleshooting.md");

	private static final String LONG = "x".repeat(120);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class, UnixSocketAutoConfiguration.class))
		.withPropertyValues("loopback.fastpath.enabled=true");

	static Stream<Row> rows() {
		return Stream.of(
				new Row("enabled-not-boolean", (dir) -> "loopback.fastpath.enabled=maybe", "loopback.fastpath.enabled",
						"maybe", "true or false"),
				new Row("enabled-yes", (dir) -> "loopback.fastpath.enabled=yes", "loopback.fastpath.enabled", "yes",
						"true or false"),
				new Row("server-enabled-yes", (dir) -> "loopback.fastpath.server.enabled=yes",
						"loopback.fastpath.server.enabled", "yes", "true or false"),
				new Row("client-enabled-on", (dir) -> "loopback.fastpath.client.enabled=on",
						"loopback.fastpath.client.enabled", "on", "true or false"),
				new Row("server-enabled-not-boolean", (dir) -> "loopback.fastpath.server.enabled=maybe",
						"loopback.fastpath.server.enabled", "maybe", "true or false"),
				new Row("client-enabled-not-boolean", (dir) -> "loopback.fastpath.client.enabled=maybe",
						"loopback.fastpath.client.enabled", "maybe", "true or false"),
				new Row("client-port-too-high", (dir) -> "loopback.fastpath.client.ports=3500,70000",
						"loopback.fastpath.client.ports[1]", "70000", "between 1 and 65535"),
				new Row("client-port-zero", (dir) -> "loopback.fastpath.client.ports=0",
						"loopback.fastpath.client.ports[0]", "0", "between 1 and 65535"),
				new Row("client-port-negative", (dir) -> "loopback.fastpath.client.ports=-1",
						"loopback.fastpath.client.ports[0]", "-1", "between 1 and 65535"),
				new Row("client-port-not-a-number", (dir) -> "loopback.fastpath.client.ports=envoy",
						"loopback.fastpath.client.ports", "envoy", "as numbers between 1 and 65535"),
				new Row("on-failure-unknown", (dir) -> "loopback.fastpath.on-failure=explode",
						"loopback.fastpath.on-failure", "explode", "'fallback'"),
				new Row("unix-on-unavailable-unknown", (dir) -> "loopback.fastpath.unix.on-unavailable=sometimes",
						"loopback.fastpath.unix.on-unavailable", "sometimes", "'tcp'"),
				new Row("unix-route-key-not-a-port", (dir) -> "loopback.fastpath.unix.routes.envoy=" + sock(dir),
						"loopback.fastpath.unix.routes.envoy", "'envoy' is not a port number",
						"destination port (1-65535) as the key"),
				new Row("unix-route-port-zero", (dir) -> "loopback.fastpath.unix.routes.0=" + sock(dir),
						"loopback.fastpath.unix.routes.0", "app.sock", "destination port (1-65535) as the key"),
				new Row("unix-route-port-too-high", (dir) -> "loopback.fastpath.unix.routes.70000=" + sock(dir),
						"loopback.fastpath.unix.routes.70000", "app.sock", "destination port (1-65535) as the key"),
				new Row("unix-route-relative-path", (dir) -> "loopback.fastpath.unix.routes.15001=bad-input/envoy.sock",
						"loopback.fastpath.unix.routes.15001", "bad-input/envoy.sock", TestPaths.absolutePathAdvice()),
				new Row("unix-route-path-too-long",
						(dir) -> "loopback.fastpath.unix.routes.15001=" + dir.resolve(LONG + ".sock"),
						"loopback.fastpath.unix.routes.15001", LONG, "shorter path"),
				new Row("unix-server-relative-path", (dir) -> "loopback.fastpath.unix.server.path=bad-input/app.sock",
						"loopback.fastpath.unix.server.path", "bad-input/app.sock", TestPaths.absolutePathAdvice()),
				new Row("unix-server-path-too-long",
						(dir) -> "loopback.fastpath.unix.server.path=" + dir.resolve(LONG + ".sock"),
						"loopback.fastpath.unix.server.path", LONG, "shorter path"),
				new Row("unix-server-parent-missing",
						(dir) -> "loopback.fastpath.unix.server.path=" + dir.resolve("missing").resolve("app.sock"),
						"loopback.fastpath.unix.server.path", "missing", "Create the directory"),
				new Row("unix-server-parent-not-writable", BadInputTests::readOnlyParent,
						"loopback.fastpath.unix.server.path", "read-only", "write access"),
				new Row("unix-server-path-is-a-file", BadInputTests::regularFile, "loopback.fastpath.unix.server.path",
						"app.sock", "Move that file away"),
				new Row("unix-server-path-is-a-directory", BadInputTests::directory,
						"loopback.fastpath.unix.server.path", "app.sock", "Move that file away"),
				new Row("unix-server-permissions-unparsable",
						(dir) -> "loopback.fastpath.unix.server.path=" + sock(dir)
								+ "\u0000loopback.fastpath.unix.server.permissions=rw-rw-rwz",
						"loopback.fastpath.unix.server.permissions", "rw-rw-rwz", "nine characters"),
				new Row("unix-server-permissions-octal",
						(dir) -> "loopback.fastpath.unix.server.path=" + sock(dir)
								+ "\u0000loopback.fastpath.unix.server.permissions=660",
						"loopback.fastpath.unix.server.permissions", "660", "rw-rw----"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rows")
	void badValueStopsStartupNamingPropertyValueAndFixAndChangesNothingOnDisk(Row row, @TempDir Path dir)
			throws IOException {
		String[] properties = row.properties().apply(dir).split("\u0000");
		Map<String, String> before = snapshot(dir);
		this.runner.withPropertyValues(properties).run((context) -> {
			Throwable failure = context.getStartupFailure();
			if (failure == null) {
				// The server's socket path is prepared when Tomcat is configured, as
				// at startup.
				failure = catchThrowable(
						() -> customizeTomcat(context.getBeansOfType(WebServerFactoryCustomizer.class).values()));
			}
			assertThat(failure).as("startup failure").isNotNull();
			FailureAnalysis analysis = FailureAnalyses.analyze(failure);
			assertThat(analysis.getDescription()).contains(row.property()).contains(row.value());
			assertThat(analysis.getAction()).contains(row.fix());
		});
		assertThat(snapshot(dir)).as("files under the test directory").isEqualTo(before);
		assertThat(Path.of("bad-input")).as("nothing created relative to the working directory").doesNotExist();
	}

	@Test
	void everyRowIsInTheDocsTable() throws IOException {
		String docs = Files.readString(TROUBLESHOOTING);
		String table = docs.substring(docs.indexOf("## Bad configuration"));
		List<String> documented = new ArrayList<>();
		Matcher ids = Pattern.compile("^\\| `([a-z0-9-]+)` \\|", Pattern.MULTILINE).matcher(table);
		while (ids.find()) {
			documented.add(ids.group(1));
		}
		assertThat(documented).containsExactlyInAnyOrderElementsOf(rows().map(Row::id).toList());
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void customizeTomcat(java.util.Collection<WebServerFactoryCustomizer> customizers) {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		customizers.forEach((customizer) -> customizer.customize(factory));
	}

	private static String sock(Path dir) {
		return dir.resolve("app.sock").toString();
	}

	private static String readOnlyParent(Path dir) {
		Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
				"root may write to any directory: run as another user to prove this row");
		Assumptions.assumeTrue(TestPaths.hasPosixPermissions(dir),
				"no POSIX permissions on this file system to make a directory read-only with");
		Path readOnly = dir.resolve("read-only");
		try {
			Files.createDirectory(readOnly);
			Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return "loopback.fastpath.unix.server.path=" + readOnly.resolve("app.sock");
	}

	private static String regularFile(Path dir) {
		try {
			return "loopback.fastpath.unix.server.path=" + Files.writeString(dir.resolve("app.sock"), "precious data");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String directory(Path dir) {
		try {
			Path directory = Files.createDirectory(dir.resolve("app.sock"));
			Files.writeString(directory.resolve("inside.txt"), "precious data");
			return "loopback.fastpath.unix.server.path=" + directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Every file under a directory with its type, permissions, size, time and content.
	 */
	private static Map<String, String> snapshot(Path dir) throws IOException {
		Map<String, String> files = new TreeMap<>();
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.toList()) {
				String content = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? Files.readString(path) : "";
				files.put(dir.relativize(path).toString(), TestPaths.attributes(path) + content);
			}
		}
		return files;
	}

	/**
	 * One bad value.
	 *
	 * @param id the row's name in docs/troubleshooting.md
	 * @param properties the properties, separated by NUL when more than one, for a test
	 * directory
	 * @param property what the description must name
	 * @param value the value the description must name
	 * @param fix what the action must say
	 */
	record Row(String id, java.util.function.Function<Path, String> properties, String property, String value,
			String fix) {

		@Override
		public String toString() {
			return this.id;
		}

	}

}
