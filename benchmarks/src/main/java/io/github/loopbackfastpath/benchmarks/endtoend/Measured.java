package io.github.loopbackfastpath.benchmarks.endtoend;

import java.io.IOException;

/**
 * One measured run of a client against a server, as the client process reports it, with
 * the server process's CPU time over the same run.
 *
 * @param count requests completed
 * @param nanos how long the run took
 * @param p50 median latency in microseconds
 * @param p99 99th percentile latency in microseconds
 * @param p999 99.9th percentile latency in microseconds
 * @param clientCpuNanos CPU time of the client process during the run
 * @param serverCpuNanos CPU time of the server process during the run
 * @param offers sockets offered to the starter during the run, {@code -1} without starter
 * @param nativeCalls calls of the C stand-in's {@code WSAIoctl} during the run,
 * {@code -1} without stand-in
 */
record Measured(long count, long nanos, double p50, double p99, double p999, long clientCpuNanos, long serverCpuNanos,
		long offers, long nativeCalls) {

	/** The CPU time a server has used so far, read before and after a run. */
	@FunctionalInterface
	interface ServerCpu {

		/**
		 * Reads the clock.
		 * @return nanoseconds
		 * @throws IOException when the server cannot be asked
		 * @throws InterruptedException when interrupted
		 */
		long nanos() throws IOException, InterruptedException;

	}

	/**
	 * Measures one run.
	 * @param client the client process
	 * @param server the server process
	 * @param target the client's name in the client process
	 * @param connect whether every request opens a new connection
	 * @param inFlight requests in flight
	 * @param millis time limit of the run
	 * @param maxCount count limit of the run
	 * @return what the run did
	 * @throws IOException when a process fails
	 * @throws InterruptedException when interrupted
	 */
	static Measured measure(ChildJvm client, ChildJvm server, String target, boolean connect, int inFlight, int millis,
			int maxCount) throws IOException, InterruptedException {
		return measure(client, () -> Long.parseLong(server.ask("cpu", 30)), target, connect ? "connect" : "keepalive",
				inFlight, millis, maxCount);
	}

	/**
	 * Measures one run.
	 * @param client the client process
	 * @param server the CPU clock of the server
	 * @param target the client's name in the client process
	 * @param mode {@code keepalive}, {@code connect} (every request opens a new
	 * connection) or {@code upload} (see {@link ClientProcess})
	 * @param inFlight requests in flight
	 * @param millis time limit of the run
	 * @param maxCount count limit of the run
	 * @return what the run did
	 * @throws IOException when a process fails
	 * @throws InterruptedException when interrupted
	 */
	static Measured measure(ChildJvm client, ServerCpu server, String target, String mode, int inFlight, int millis,
			int maxCount) throws IOException, InterruptedException {
		long serverCpu = server.nanos();
		String[] reply = client
			.ask("run " + target + " " + mode + " " + inFlight + " " + millis + " " + maxCount, millis / 1000 + 90)
			.split(" ");
		serverCpu = server.nanos() - serverCpu;
		return new Measured(Long.parseLong(reply[0]), Long.parseLong(reply[1]), Double.parseDouble(reply[2]),
				Double.parseDouble(reply[3]), Double.parseDouble(reply[4]), Long.parseLong(reply[5]), serverCpu,
				Long.parseLong(reply[6]), Long.parseLong(reply[7]));
	}

	/**
	 * Measures two clients' kept-alive latency in one run, their requests in turn (see
	 * {@link ClientProcess}).
	 * @param client the client process
	 * @param first client A's name in the client process
	 * @param second client B's name
	 * @param millis time limit of the run
	 * @param maxCount count limit of each client
	 * @return the runs of A and B: their latencies, the count of each, the time of the
	 * whole run; no CPU times (the clients shared them)
	 * @throws IOException when a process fails
	 * @throws InterruptedException when interrupted
	 */
	static Measured[] pair(ChildJvm client, String first, String second, int millis, int maxCount)
			throws IOException, InterruptedException {
		String[] reply = client.ask("pair " + first + " " + second + " " + millis + " " + maxCount, millis / 1000 + 90)
			.split(" ");
		long count = Long.parseLong(reply[0]);
		long nanos = Long.parseLong(reply[1]);
		Measured[] runs = new Measured[2];
		for (int i = 0; i < 2; i++) {
			runs[i] = new Measured(count, nanos, Double.parseDouble(reply[2 + 3 * i]),
					Double.parseDouble(reply[3 + 3 * i]), Double.parseDouble(reply[4 + 3 * i]), -1, -1, -1, -1);
		}
		return runs;
	}

	/**
	 * Requests per second.
	 * @return the rate
	 */
	double rate() {
		return this.count * 1e9 / this.nanos;
	}

	/**
	 * CPU time of client and server together per request.
	 * @return microseconds
	 */
	double cpuMicrosPerRequest() {
		return (this.clientCpuNanos + this.serverCpuNanos) / 1e3 / this.count;
	}

	/**
	 * CPU time of the client per request.
	 * @return microseconds
	 */
	double clientCpuMicrosPerRequest() {
		return this.clientCpuNanos / 1e3 / this.count;
	}

	/**
	 * CPU time of the server per request.
	 * @return microseconds
	 */
	double serverCpuMicrosPerRequest() {
		return this.serverCpuNanos / 1e3 / this.count;
	}

}
