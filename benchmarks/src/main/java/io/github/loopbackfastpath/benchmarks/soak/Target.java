package io.github.loopbackfastpath.benchmarks.soak;

import org.jspecify.annotations.Nullable;

/**
 * One client sending to one server.
 *
 * @param name the client, its library and the server, for failure reports
 * @param request sends {@code GET /ping}, on a new connection when asked to close it
 */
record Target(String name, Request request) {

	@Nullable String call(boolean close) throws Exception {
		return this.request.send(close);
	}

	@FunctionalInterface
	interface Request {

		@Nullable String send(boolean close) throws Exception;

	}

}
