package io.github.loopbackfastpath.benchmarks.endtoend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.github.loopbackfastpath.benchmarks.Settings;
import io.github.loopbackfastpath.benchmarks.report.BarChart;
import io.github.loopbackfastpath.benchmarks.report.Bootstrap;
import io.github.loopbackfastpath.benchmarks.report.RatioChart;
import io.github.loopbackfastpath.benchmarks.report.Table;
import io.github.loopbackfastpath.unix.UnixSocketTransport;

import org.springframework.util.FileSystemUtils;

/**
 * TCP loopback against the starter's AF_UNIX route, through the starter, with the method
 * of {@link EndToEndSuite}: servers in one pinned process, clients in another, warm-up
 * excluded, the transports measured back to back in a rotating order every round, ratios
 * with 95% bootstrap intervals over rounds.
 * <p>
 * The servers (Tomcat and Reactor Netty, the starter enabled) listen on their TCP port
 * and on {@code loopback.fastpath.unix.server.path}. The clients are the auto-configured
 * {@code WebClient} and {@code RestClient} on Reactor Netty and {@code RestClient} on
 * Apache HttpClient 5, each from two applications that differ only in
 * {@code loopback.fastpath.unix.routes.<port>}: without it requests go over TCP, with it
 * over the socket ({@code on-unavailable=fail}, so a route that does not work fails the
 * run instead of measuring TCP twice). {@code WebClient} on Apache HttpClient 5 is left
 * out: the starter does not route its async client (reported as not covered), so it would
 * compare TCP with TCP. The peer anchor is a hand-wired Reactor Netty client on the same
 * server socket, which makes the starter's routing cost a measured ratio.
 * <p>
 * Per client and server: kept-alive latency (p50, p99, p99.9) and throughput with 1, 4
 * and {@value ClientProcess#MAX_IN_FLIGHT} requests in flight, the new-connection rate,
 * and the CPU time of client and server processes per request at
 * {@value ClientProcess#MAX_IN_FLIGHT} in flight.
 */
public final class UnixSuite {

	enum Transport {

		TCP("tcp"), UNIX("unix"), HAND_WIRED("hand-wired");

		final String label;

		Transport(String label) {
			this.label = label;
		}

	}

	enum Client {

		WEBCLIENT("webclient", "webclient", "reactor"), RESTCLIENT("restclient", "restclient", "reactor"),
		RESTCLIENT_HC5("restclient-hc5", "restclient", "hc5");

		final String label;

		final String kind;

		final String library;

		Client(String label, String kind, String library) {
			this.label = label;
			this.kind = kind;
			this.library = library;
		}

		boolean handWired() {
			return this.library.equals("reactor");
		}

	}

	enum Metric {

		LATENCY(1, false), THROUGHPUT_4(4, false), THROUGHPUT_16(ClientProcess.MAX_IN_FLIGHT, false), CONNECT(1, true);

		final int inFlight;

		final boolean connect;

		Metric(int inFlight, boolean connect) {
			this.inFlight = inFlight;
			this.connect = connect;
		}

	}

	record Cell(Client client, String server, Transport transport, Metric metric) {

		String target() {
			return this.client.label + "/" + this.server + "/" + this.transport.label;
		}

	}

	/** A compared figure, the metric of {@code unix-ratios.csv}, and its target. */
	record Ratio(String name, Metric metric, ToDoubleFunction<Measured> figure, double target, boolean atMost) {
	}

	static final List<Ratio> RATIOS = List.of(new Ratio("p50", Metric.LATENCY, Measured::p50, 0.80, true),
			new Ratio("p99", Metric.LATENCY, Measured::p99, 0.80, true),
			new Ratio("throughput", Metric.THROUGHPUT_16, Measured::rate, 1.20, false),
			new Ratio("connect", Metric.CONNECT, Measured::rate, 1.30, false),
			new Ratio("cpu_per_request", Metric.THROUGHPUT_16, Measured::cpuMicrosPerRequest, 0.85, true));

	/** Starter route / hand-wired p50 at most this. */
	static final double ROUTE_TARGET = 1.02;

	static final String[] SERVERS = { "tomcat", "netty" };

	private final Settings settings;

	/**
	 * Creates the suite.
	 * @param settings how long to measure
	 */
	public UnixSuite(Settings settings) {
		this.settings = settings;
	}

	/**
	 * Runs the measurements and writes {@code unix-runs.csv}, {@code unix-summary.csv},
	 * {@code unix-ratios.csv}, {@code unix-route-overhead.csv}, {@code unix-targets.csv}
	 * and the plots.
	 * @param out the results directory
	 * @throws Exception when a process fails or a request fails
	 */
	public void run(Path out) throws Exception {
		// A directory of its own, owner-only: Tomcat refuses a socket in a directory that
		// grants more than the socket does.
		Path directory = Files.createTempDirectory("lbf-bench");
		List<Cell> cells = new ArrayList<>();
		for (String server : SERVERS) {
			for (Client client : Client.values()) {
				for (Transport transport : Transport.values()) {
					if (transport == Transport.HAND_WIRED && !client.handWired()) {
						continue;
					}
					for (Metric metric : Metric.values()) {
						if (transport != Transport.HAND_WIRED || metric == Metric.LATENCY) {
							cells.add(new Cell(client, server, transport, metric));
						}
					}
				}
			}
		}
		List<String> serverArgs = new ArrayList<>();
		for (String server : SERVERS) {
			serverArgs.addAll(List.of(server, server, "-", "loopback.fastpath.enabled=true" + Apps.SEPARATOR
					+ UnixSocketTransport.SERVER_PATH_PROPERTY + "=" + socket(directory, server)));
		}
		Table runs = new Table("round", "client", "server", "transport", "metric", "in_flight", "requests", "seconds",
				"p50_us", "p99_us", "p999_us", "rate_per_s", "client_cpu_us_per_request", "server_cpu_us_per_request");
		Rounds<Cell> rounds = new Rounds<>(this.settings.rounds());
		try (ChildJvm server = ChildJvm.start("unix-servers", 1, ServerProcess.class, serverArgs)) {
			String[] ports = server.reply(180).split(" ");
			String routes = "";
			for (String name : SERVERS) {
				routes += Apps.SEPARATOR + UnixSocketTransport.ROUTES_PROPERTY + "." + EndToEndSuite.port(ports, name)
						+ "=" + socket(directory, name);
			}
			List<String> clientArgs = new ArrayList<>();
			for (String library : List.of("reactor", "hc5")) {
				String common = "loopback.fastpath.enabled=true" + Apps.SEPARATOR
						+ "loopback.fastpath.unix.on-unavailable=fail" + Apps.SEPARATOR
						+ (library.equals("reactor")
								? "spring.http.clients.imperative.factory=reactor" + Apps.SEPARATOR
										+ "spring.http.clients.reactive.connector=reactor"
								: "spring.http.clients.imperative.factory=http-components");
				clientArgs.addAll(List.of("tcp-" + library, "-", common));
				clientArgs.addAll(List.of("unix-" + library, "-", common + routes));
			}
			try (ChildJvm client = ChildJvm.start("unix-clients", 0, ClientProcess.class, clientArgs)) {
				client.reply(180);
				System.out.println("unix: servers " + server.pinnedTo() + ", clients " + client.pinnedTo());
				for (Cell cell : cells) {
					if (cell.metric() == Metric.LATENCY) {
						String url = "http://127.0.0.1:" + EndToEndSuite.port(ports, cell.server());
						String app = switch (cell.transport()) {
							case TCP -> "tcp-" + cell.client().library;
							case UNIX, HAND_WIRED -> "unix-" + cell.client().library;
						};
						String kind = cell.client().kind + ((cell.transport() == Transport.HAND_WIRED) ? "-hand" : "");
						client.ask("target " + cell.target() + " " + app + " " + kind + " " + url + " "
								+ socket(directory, cell.server()), 30);
					}
				}
				for (Cell cell : cells) {
					measure(client, server, cell, this.settings.warmupMillis());
				}
				checkRoutes(client);
				for (int round = 1; round <= this.settings.rounds(); round++) {
					// Each group holds the cells compared with each other: one client,
					// server and metric over every transport, measured back to back in a
					// rotating order.
					for (int group = 0; group < cells.size();) {
						int end = group + 1;
						while (end < cells.size() && sameGroup(cells.get(group), cells.get(end))) {
							end++;
						}
						int size = end - group;
						for (int i = 0; i < size; i++) {
							Cell cell = cells.get(group + (i + round) % size);
							Measured measured = measure(client, server, cell, this.settings.runMillis());
							rounds.put(cell, round, measured);
							runs.add(round, cell.client().label, cell.server(), cell.transport().label,
									cell.metric().connect ? "connect" : "keepalive", cell.metric().inFlight,
									measured.count(), measured.nanos() / 1e9, measured.p50(), measured.p99(),
									measured.p999(), measured.rate(), measured.clientCpuMicrosPerRequest(),
									measured.serverCpuMicrosPerRequest());
						}
						group = end;
					}
					System.out.printf("unix: round %d of %d done%n", round, this.settings.rounds());
				}
				checkRoutes(client);
			}
		}
		finally {
			FileSystemUtils.deleteRecursively(directory);
		}
		runs.write(out.resolve("unix-runs.csv"));
		summarize(rounds, out);
	}

	/**
	 * Fails the run unless every routed client really went over its socket: a client the
	 * starter cannot route, or a fallback to TCP, would make the comparison TCP against
	 * TCP.
	 */
	private static void checkRoutes(ChildJvm client) throws Exception {
		for (String app : List.of("unix-reactor", "unix-hc5")) {
			String[] routed = client.ask("routed " + app, 30).split(" ");
			if (Long.parseLong(routed[0]) == 0 || !routed[1].equals("0") || !routed[2].equals("0")
					|| !routed[3].equals("0")) {
				throw new IllegalStateException("The AF_UNIX routes of " + app + " did not carry the requests: "
						+ "connections, fallbacks, failures, clients not covered = " + String.join(" ", routed));
			}
			System.out.println("unix: " + app + " routes opened " + routed[0] + " connections, no fallback");
		}
	}

	private static boolean sameGroup(Cell a, Cell b) {
		return a.client() == b.client() && a.server().equals(b.server()) && a.metric() == b.metric();
	}

	private static String socket(Path directory, String server) {
		return directory.resolve(server + ".sock").toString();
	}

	private Measured measure(ChildJvm client, ChildJvm server, Cell cell, int millis) throws Exception {
		return Measured.measure(client, server, cell.target(), cell.metric().connect, cell.metric().inFlight, millis,
				this.settings.maxCount());
	}

	private void summarize(Rounds<Cell> rounds, Path out) throws Exception {
		Table summary = new Table("client", "server", "transport", "p50_us", "p99_us", "p999_us", "rate_1_per_s",
				"rate_4_per_s", "rate_16_per_s", "connect_per_s", "client_cpu_us_per_request",
				"server_cpu_us_per_request");
		Table ratios = new Table("client", "server", "metric", "ratio", "ci_low", "ci_high");
		Table overhead = new Table("client", "server", "metric", "ratio", "ci_low", "ci_high");
		Table targets = new Table("client", "server", "comparison", "metric", "target", "ratio", "ci_low", "ci_high",
				"rounds", "verdict");
		BarChart latency = new BarChart("Kept-alive latency, one request in flight (median of rounds)", "µs");
		BarChart throughput = new BarChart("Kept-alive throughput by requests in flight (median of rounds)",
				"requests per second");
		BarChart connect = new BarChart("New-connection rate: one new connection per request (median of rounds)",
				"requests (= new connections) per second");
		BarChart cpu = new BarChart("CPU time of client + server processes per request, " + ClientProcess.MAX_IN_FLIGHT
				+ " in flight (median of rounds)", "µs CPU per request");
		RatioChart ratioChart = new RatioChart("Unix socket / TCP through the starter, 95% bootstrap intervals",
				"ratio Unix socket / TCP");
		ratioChart.line(0.80, "latency ≤ 0.80")
			.line(0.85, "CPU ≤ 0.85")
			.line(1.20, "throughput ≥ 1.20")
			.line(1.30, "connect ≥ 1.30");
		RatioChart routeChart = new RatioChart("Starter route / hand-wired Reactor Netty client, same socket",
				"ratio starter route / hand-wired");
		routeChart.line(ROUTE_TARGET, "p50 target ≤ " + ROUTE_TARGET);
		for (String server : SERVERS) {
			for (Client client : Client.values()) {
				String pair = client.label + "→" + server;
				for (Transport transport : Transport.values()) {
					Cell latencyCell = new Cell(client, server, transport, Metric.LATENCY);
					if (!rounds.has(latencyCell)) {
						continue;
					}
					Cell tp4 = new Cell(client, server, transport, Metric.THROUGHPUT_4);
					Cell tp16 = new Cell(client, server, transport, Metric.THROUGHPUT_16);
					Cell connectCell = new Cell(client, server, transport, Metric.CONNECT);
					boolean full = rounds.has(tp16);
					summary.add(client.label, server, transport.label, rounds.median(latencyCell, Measured::p50),
							rounds.median(latencyCell, Measured::p99), rounds.median(latencyCell, Measured::p999),
							rounds.median(latencyCell, Measured::rate),
							full ? rounds.median(tp4, Measured::rate) : Double.NaN,
							full ? rounds.median(tp16, Measured::rate) : Double.NaN,
							rounds.has(connectCell) ? rounds.median(connectCell, Measured::rate) : Double.NaN,
							full ? rounds.median(tp16, Measured::clientCpuMicrosPerRequest) : Double.NaN,
							full ? rounds.median(tp16, Measured::serverCpuMicrosPerRequest) : Double.NaN);
					latency.bar(pair, transport.label + " p50", rounds.median(latencyCell, Measured::p50));
					if (full) {
						latency.bar(pair, transport.label + " p99", rounds.median(latencyCell, Measured::p99));
						for (Metric metric : List.of(Metric.LATENCY, Metric.THROUGHPUT_4, Metric.THROUGHPUT_16)) {
							throughput.bar(pair, transport.label + " × " + metric.inFlight,
									rounds.median(new Cell(client, server, transport, metric), Measured::rate));
						}
						if (rounds.has(connectCell)) {
							connect.bar(pair, transport.label, rounds.median(connectCell, Measured::rate));
						}
						cpu.bar(pair, transport.label, rounds.median(tp16, Measured::cpuMicrosPerRequest));
					}
				}
				for (Ratio ratio : RATIOS) {
					Bootstrap.Interval interval = rounds.ratio(new Cell(client, server, Transport.UNIX, ratio.metric()),
							new Cell(client, server, Transport.TCP, ratio.metric()), ratio.figure());
					ratios.add(client.label, server, ratio.name(), interval.ratio(), interval.low(), interval.high());
					targets.add(client.label, server, "unix/tcp", ratio.name(),
							(ratio.atMost() ? "<= " : ">= ") + ratio.target(), interval.ratio(), interval.low(),
							interval.high(), interval.rounds(), interval.verdict(ratio.target(), ratio.atMost()));
					ratioChart.ratio(pair + " " + ratio.name(), interval);
				}
				if (client.handWired()) {
					for (Ratio ratio : RATIOS.subList(0, 2)) {
						Bootstrap.Interval interval = rounds.ratio(
								new Cell(client, server, Transport.UNIX, Metric.LATENCY),
								new Cell(client, server, Transport.HAND_WIRED, Metric.LATENCY), ratio.figure());
						overhead.add(client.label, server, ratio.name(), interval.ratio(), interval.low(),
								interval.high());
						if (ratio.name().equals("p50")) {
							targets.add(client.label, server, "route/hand-wired", "p50", "<= " + ROUTE_TARGET,
									interval.ratio(), interval.low(), interval.high(), interval.rounds(),
									interval.verdict(ROUTE_TARGET, true));
						}
						routeChart.ratio(pair + " " + ratio.name(), interval);
					}
				}
			}
		}
		summary.write(out.resolve("unix-summary.csv"));
		ratios.write(out.resolve("unix-ratios.csv"));
		overhead.write(out.resolve("unix-route-overhead.csv"));
		targets.write(out.resolve("unix-targets.csv"));
		latency.write(out.resolve("unix-latency.png"));
		throughput.write(out.resolve("unix-throughput.png"));
		connect.write(out.resolve("unix-connect.png"));
		cpu.write(out.resolve("unix-cpu.png"));
		ratioChart.write(out.resolve("unix-ratios.png"));
		routeChart.write(out.resolve("unix-route-overhead.png"));
	}

}
