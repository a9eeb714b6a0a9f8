package io.github.loopbackfastpath.unix.autoconfigure;

import io.github.loopbackfastpath.unix.netty.NettyUnixSocketServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Shuts the Reactor Netty Unix-socket listener down gracefully in the phase where Spring
 * Boot shuts its web server down gracefully: both stop accepting together, and Spring
 * waits for both drains up to {@code spring.lifecycle.timeout-per-shutdown-phase} before
 * the next phase, where {@link NettyUnixSocketServerLifecycle} stops the listener.
 */
class NettyUnixSocketServerGracefulShutdown implements SmartLifecycle {

	private final ObjectProvider<NettyUnixSocketServer> server;

	private volatile boolean running;

	NettyUnixSocketServerGracefulShutdown(ObjectProvider<NettyUnixSocketServer> server) {
		this.server = server;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		// Spring calls stop(Runnable) on a SmartLifecycle; as in Spring Boot's own
		// graceful shutdown lifecycle, a plain stop has no callback to report the end.
		throw new UnsupportedOperationException("Stop must not be invoked directly");
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		NettyUnixSocketServer server = this.server.getIfAvailable();
		if (server != null) {
			server.shutDownGracefully(callback);
		}
		else {
			callback.run();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE;
	}

	@Override
	public boolean isPauseable() {
		// Like Spring Boot's: pausing the context must not start a drain.
		return false;
	}

}
