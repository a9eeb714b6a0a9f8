package io.github.loopbackfastpath.demo;

import java.nio.file.Path;

import io.github.loopbackfastpath.test.Curl;
import io.github.loopbackfastpath.test.UnixSidecar;
import io.github.loopbackfastpath.unix.UnixRoute;
import io.github.loopbackfastpath.unix.UnixSocketListener;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's Unix-socket mode (profile {@code unix}): the embedded sidecar listens only
 * on a Unix socket, nothing listens on the sidecar's TCP port, and a request that enters
 * through the application's own socket goes out to the sidecar and comes back in through
 * it.
 */
class DemoUnixSocketModeTests {

	@TempDir
	Path dir;

	@Test
	void helloTravelsOverUnixSocketsBothWays() throws Exception {
		int sidecarPort = UnixSidecar.unusedPort();
		Path sidecar = this.dir.resolve("sidecar.sock");
		Path app = this.dir.resolve("app.sock");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DemoApplication.class)
			.profiles("unix")
			// Arguments, so that they win over the profile's paths.
			.run("--server.port=0", "--demo.sidecar.port=" + sidecarPort, "--demo.sidecar.unix-socket=" + sidecar,
					"--loopback.fastpath.unix.routes." + sidecarPort + "=" + sidecar,
					"--loopback.fastpath.unix.server.path=" + app)) {
			String hello = Curl.get(app, "/hello");
			assertThat(hello).contains("embedded-unix-sidecar").contains("\"inbound\":\"pong\"");
			UnixSocketTransport transport = context.getBean(UnixSocketTransport.class);
			UnixRoute route = transport.routes().get(sidecarPort);
			assertThat(route.connections()).isPositive();
			assertThat(route.fallbacks()).isZero();
			UnixSocketListener listener = transport.server().listener();
			assertThat(listener).isNotNull();
			assertThat(listener.acceptedConnections()).as("curl, and the sidecar forwarding /app/ping")
				.isGreaterThanOrEqualTo(2);
			String report = Curl.get(app, "/actuator/loopback");
			assertThat(report).contains("\"unix\"").contains(sidecar.toString());
		}
		assertThat(app).doesNotExist();
		assertThat(sidecar).doesNotExist();
	}

}
