package io.github.loopbackfastpath.unix.autoconfigure;

import io.github.loopbackfastpath.unix.netty.NettyUnixSocketServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * Starts the Reactor Netty Unix-socket listener right after Spring Boot has started the
 * TCP server, and stops it (closing the connections a graceful shutdown left and removing
 * the socket file) right before the TCP server stops.
 */
class NettyUnixSocketServerLifecycle implements SmartLifecycle {

	/**
	 * One after Spring Boot's web server start/stop phase
	 * ({@code SmartLifecycle.DEFAULT_PHASE - 2048}): started after it, stopped before it.
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048 + 1;

	private final ObjectProvider<NettyUnixSocketServer> server;

	private final ObjectProvider<HttpHandler> handler;

	NettyUnixSocketServerLifecycle(ObjectProvider<NettyUnixSocketServer> server, ObjectProvider<HttpHandler> handler) {
		this.server = server;
		this.handler = handler;
	}

	@Override
	public void start() {
		NettyUnixSocketServer server = this.server.getIfAvailable();
		if (server != null) {
			server.start(this.handler.getObject());
		}
	}

	@Override
	public void stop() {
		NettyUnixSocketServer server = this.server.getIfAvailable();
		if (server != null) {
			server.stop();
		}
	}

	@Override
	public boolean isRunning() {
		NettyUnixSocketServer server = this.server.getIfAvailable();
		return server != null && server.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
