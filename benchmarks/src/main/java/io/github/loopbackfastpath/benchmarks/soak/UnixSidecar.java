package io.github.loopbackfastpath.benchmarks.soak;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sidecar behind the soak's Unix-socket route: a Reactor Netty application that
 * listens on a Unix socket ({@code loopback.fastpath.unix.server.path}) and answers as
 * the servers do. The soak stops it while requests flow (the clients fall back to TCP)
 * and starts it again (they open Unix-socket connections again).
 */
final class UnixSidecar {

	private final Path socket;

	private @Nullable ConfigurableApplicationContext context;

	private int starts;

	UnixSidecar(Path directory) {
		this.socket = directory.resolve("sidecar.sock");
	}

	Path socket() {
		return this.socket;
	}

	void start() {
		this.context = new SpringApplicationBuilder(SoakServerApplication.class).web(WebApplicationType.REACTIVE)
			.properties("loopback.fastpath.enabled=true", "loopback.fastpath.unix.server.path=" + this.socket,
					"server.address=127.0.0.1", "server.port=0", "spring.main.banner-mode=off",
					"spring.jmx.enabled=false", "logging.level.root=WARN")
			.run();
		this.starts++;
		if (!Files.exists(this.socket)) {
			throw new IllegalStateException("The sidecar does not listen on " + this.socket);
		}
	}

	/**
	 * Stops the sidecar, which removes its socket file.
	 * @param into where the sidecar's own outcomes are added
	 * @return whether it was running
	 */
	boolean stop(SoakMain.Totals into) {
		ConfigurableApplicationContext context = this.context;
		if (context == null) {
			return false;
		}
		FastPathOutcomes outcomes = context.getBean(FastPathOutcomes.class);
		context.close();
		into.add(outcomes);
		this.context = null;
		return true;
	}

	int starts() {
		return this.starts;
	}

}
