package com.example.unixroutehttpclient5;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.loopbackfastpath.test.LoopbackHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as {@code spring-boot:process-aot} left it (see the pom), started in a JVM of its
 * own with {@code -Dspring.aot.enabled=true}: its bean definitions come from the generated code,
 * not from condition evaluation, and the starter's beans (the builders' fast path and routes among
 * them) must work from there. It serves a request through the route and reports as it does
 * without AOT.
 */
class AotProcessedApplicationTests {

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	@TempDir
	Path directory;

	@Test
	void aotProcessedApplicationServesThroughTheRouteAndReports() throws Exception {
		int sidecarPort = UnixOnlySidecar.unusedPort();
		Path sidecarSocket = this.directory.resolve("sidecar.sock");
		try (UnixOnlySidecar sidecar = UnixOnlySidecar.start(sidecarSocket)) {
			List<String> command = new ArrayList<>(List.of(
					Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Dspring.aot.enabled=true", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
					"-Dloopback.fastpath.native-library=" + System.getProperty("loopback.fastpath.native-library"),
					"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
					UnixRouteHttpClient5Application.class.getName(), "--server.port=0", "--server.address=127.0.0.1",
					"--loopback.fastpath.unix.routes." + sidecarPort + "=" + sidecarSocket,
					"--sidecar.url=http://127.0.0.1:" + sidecarPort));
			Process application = new ProcessBuilder(command).redirectErrorStream(true).start();
			try {
				List<String> log = new ArrayList<>();
				CompletableFuture<Integer> port = new CompletableFuture<>();
				Thread reader = new Thread(() -> read(application, log, port), "aot-application-log");
				reader.setDaemon(true);
				reader.start();
				int serverPort = port.get(120, TimeUnit.SECONDS);
				synchronized (log) {
					assertThat(log).as("the startup log").anyMatch((line) -> line.contains("Starting AOT-processed"));
				}

				assertThat(LoopbackHttp.get("127.0.0.1", serverPort, "/rest"))
					.isEqualTo("sidecar says " + UnixOnlySidecar.BODY);
				assertThat(LoopbackHttp.get("127.0.0.1", serverPort, "/template"))
					.isEqualTo("sidecar says " + UnixOnlySidecar.BODY);
				assertThat(sidecar.hosts()).hasSize(2).containsOnly("127.0.0.1:" + sidecarPort);

				DocumentContext report = JsonPath
					.parse(LoopbackHttp.get("127.0.0.1", serverPort, "/actuator/loopback"));
				assertThat(report.read("$.enabled", Boolean.class)).isTrue();
				String route = "$.unix.routes." + sidecarPort;
				assertThat(report.read("$.unix.routes", Map.class)).containsOnlyKeys(String.valueOf(sidecarPort));
				assertThat(report.read(route + ".connections", Long.class)).isPositive()
					.isEqualTo(sidecar.connections());
				assertThat(report.read(route + ".fallbacks", Long.class)).isZero();
				assertThat(report.read("$.unix.notCovered", Map.class)).isEmpty();
				assertThat(report.read("$.listeners[*].component", List.class)).containsExactly("tomcat");
				assertThat(report.read("$.listeners[0].outcome", String.class)).isEqualTo("applied");
			}
			finally {
				application.destroy();
				assertThat(application.waitFor(30, TimeUnit.SECONDS)).as("the application stopped").isTrue();
			}
		}
	}

	private static void read(Process application, List<String> log, CompletableFuture<Integer> port) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(application.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				System.out.println(line);
				synchronized (log) {
					log.add(line);
				}
				Matcher started = STARTED.matcher(line);
				if (started.find()) {
					port.complete(Integer.parseInt(started.group(1)));
				}
			}
			port.completeExceptionally(new IllegalStateException("The application ended before it started"));
		}
		catch (IOException ex) {
			port.completeExceptionally(ex);
		}
	}

}
