package io.github.loopbackfastpath.benchmarks.endtoend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.github.loopbackfastpath.benchmarks.Settings;
import io.github.loopbackfastpath.benchmarks.report.BarChart;
import io.github.loopbackfastpath.benchmarks.report.Bootstrap;
import io.github.loopbackfastpath.benchmarks.report.PageSection;
import io.github.loopbackfastpath.benchmarks.report.RatioChart;
import io.github.loopbackfastpath.benchmarks.report.Table;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import org.jspecify.annotations.Nullable;

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
 * server socket, which makes the starter's routing cost a measured ratio (p50 and p99,
 * target {@value #ROUTE_TARGET} with intervals no wider than ±3 %): the two are measured
 * in one run each round, their requests in turn ({@link Metric#PAIRED}), because two runs
 * back to back differ by more than 3 % in p99 on a machine whose load comes and goes.
 * <p>
 * Per client and server: kept-alive latency (p50, p99, p99.9) and throughput with 1, 4
 * and {@value ClientProcess#MAX_IN_FLIGHT} requests in flight, the new-connection rate,
 * the CPU time of client and server processes per request at
 * {@value ClientProcess#MAX_IN_FLIGHT} in flight, and the throughput of a 64 MiB upload
 * ({@link Settings#uploadMebibytes()}: 64 MiB in full mode; the server counts the body
 * and answers with the count, which the client checks).
 * <p>
 * Beside the Spring servers, nginx as the sidecar ({@link NginxSidecar}), the same
 * instance on TCP and on {@code listen unix:}: kept-alive latency of the routed clients
 * and of the hand-wired Reactor Netty client on both transports, and the upload. Where
 * nginx is missing its cells are skipped, and the report says why.
 * <p>
 * Writes CSV files, plots, and the {@value #SECTION} section of the benchmark page
 * ({@link PageSection}).
 */
public final class UnixSuite {

	enum Transport {

		TCP("tcp"), UNIX("unix"), HAND_WIRED("hand-wired"), HAND_WIRED_TCP("hand-wired-tcp");

		final String label;

		Transport(String label) {
			this.label = label;
		}

		boolean handWired() {
			return this == HAND_WIRED || this == HAND_WIRED_TCP;
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

		LATENCY("keepalive", 1), THROUGHPUT_4("keepalive", 4), THROUGHPUT_16("keepalive", ClientProcess.MAX_IN_FLIGHT),
		CONNECT("connect", 1), UPLOAD("upload", 1),

		/**
		 * Kept-alive latency of the starter's route and the hand-wired client on the same
		 * socket, measured in one run, their requests in turn ({@code Load#alternating}).
		 */
		PAIRED("paired", 1);

		final String mode;

		final int inFlight;

		Metric(String mode, int inFlight) {
			this.mode = mode;
			this.inFlight = inFlight;
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

	/** Upload throughput over the route / over TCP at least this. */
	static final double UPLOAD_TARGET = 0.90;

	static final List<Ratio> RATIOS = List.of(new Ratio("p50", Metric.LATENCY, Measured::p50, 0.80, true),
			new Ratio("p99", Metric.LATENCY, Measured::p99, 0.80, true),
			new Ratio("throughput", Metric.THROUGHPUT_16, Measured::rate, 1.20, false),
			new Ratio("connect", Metric.CONNECT, Measured::rate, 1.30, false),
			new Ratio("cpu_per_request", Metric.THROUGHPUT_16, Measured::cpuMicrosPerRequest, 0.85, true),
			new Ratio("upload_throughput", Metric.UPLOAD, Measured::rate, UPLOAD_TARGET, false));

	/** Starter route / hand-wired p50 and p99 at most this. */
	static final double ROUTE_TARGET = 1.02;

	/** ... with both ends of the interval within this of the ratio. */
	static final double ROUTE_HALF_WIDTH = 0.03;

	/**
	 * A paired run is this many ordinary runs long: its p99 rests on the requests of one
	 * run, and two clients share it.
	 */
	static final int PAIRED_RUNS = 6;

	static final String[] SPRING_SERVERS = { "tomcat", "netty" };

	static final String NGINX = "nginx";

	/** The page section this suite writes. */
	static final String SECTION = "unix";

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
	 * {@code unix-ratios.csv}, {@code unix-route-overhead.csv}, {@code unix-upload.csv},
	 * {@code unix-nginx.csv}, {@code unix-targets.csv}, the plots, and the
	 * {@value #SECTION} section of {@code README.md} in the results directory, or
	 * {@code unix-report.md} where there is no such page (quick mode's
	 * {@code target/benchmark-results}).
	 * @param out the results directory
	 * @throws Exception when a process fails or a request fails
	 */
	public void run(Path out) throws Exception {
		// A directory of its own, owner-only: Tomcat refuses a socket in a directory that
		// grants more than the socket does.
		Path directory = Files.createTempDirectory("lbf-bench");
		Path nginxDirectory = Files.createTempDirectory("lbf-nginx");
		String nginxMissing = NginxSidecar.missing();
		List<String> servers = new ArrayList<>(List.of(SPRING_SERVERS));
		if (nginxMissing == null) {
			servers.add(NGINX);
		}
		else {
			System.out.println("unix: nginx cells skipped: " + nginxMissing);
		}
		List<Cell> cells = cells(servers);
		List<Cell[]> pairs = pairs(servers);
		List<String> serverArgs = new ArrayList<>();
		for (String server : SPRING_SERVERS) {
			serverArgs.addAll(List.of(server, server, "-", "loopback.fastpath.enabled=true" + Apps.SEPARATOR
					+ UnixSocketTransport.SERVER_PATH_PROPERTY + "=" + socket(directory, server)));
		}
		Table runs = new Table("round", "client", "server", "transport", "metric", "in_flight", "requests", "seconds",
				"p50_us", "p99_us", "p999_us", "rate_per_s", "client_cpu_us_per_request", "server_cpu_us_per_request");
		Rounds<Cell> rounds = new Rounds<>(this.settings.rounds());
		NginxSidecar nginx = null;
		try (ChildJvm server = ChildJvm.start("unix-servers", 1, ServerProcess.class, serverArgs)) {
			String[] ports = server.reply(180).split(" ");
			Map<String, String> urls = new LinkedHashMap<>();
			Map<String, String> sockets = new LinkedHashMap<>();
			Map<String, Measured.ServerCpu> cpu = new LinkedHashMap<>();
			for (String name : SPRING_SERVERS) {
				urls.put(name, "http://127.0.0.1:" + EndToEndSuite.port(ports, name));
				sockets.put(name, socket(directory, name));
				cpu.put(name, () -> Long.parseLong(server.ask("cpu", 30)));
			}
			if (nginxMissing == null) {
				// On the servers' core, as the Spring servers are.
				NginxSidecar started = NginxSidecar.start(nginxDirectory, 1, this.settings.uploadBytes());
				nginx = started;
				urls.put(NGINX, "http://127.0.0.1:" + started.port());
				sockets.put(NGINX, started.socket().toString());
				cpu.put(NGINX, started::cpuNanos);
				System.out.println("unix: " + NginxSidecar.version() + " on 127.0.0.1:" + started.port() + " and "
						+ started.socket());
			}
			String routes = "";
			for (String name : servers) {
				routes += Apps.SEPARATOR + UnixSocketTransport.ROUTES_PROPERTY + "."
						+ urls.get(name).substring(urls.get(name).lastIndexOf(':') + 1) + "=" + sockets.get(name);
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
				System.out.println("unix: servers " + server.pinnedTo() + ", clients " + client.pinnedTo() + "; "
						+ cells.size() + " cells, " + this.settings.rounds() + " rounds");
				for (Cell cell : cells) {
					if (cell.metric() == Metric.LATENCY) {
						String app = switch (cell.transport()) {
							case TCP, HAND_WIRED_TCP -> "tcp-" + cell.client().library;
							case UNIX, HAND_WIRED -> "unix-" + cell.client().library;
						};
						String kind = cell.client().kind + switch (cell.transport()) {
							case TCP, UNIX -> "";
							case HAND_WIRED -> "-hand";
							case HAND_WIRED_TCP -> "-hand-tcp";
						};
						client.ask("target " + cell.target() + " " + app + " " + kind + " " + urls.get(cell.server())
								+ " " + sockets.get(cell.server()) + " " + (cell.server().equals(NGINX) ? "ok" : "pong")
								+ " " + this.settings.uploadBytes(), 30);
					}
				}
				for (Cell cell : cells) {
					measure(client, cpu.get(cell.server()), cell, this.settings.warmupMillis());
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
							Measured measured = measure(client, cpu.get(cell.server()), cell,
									this.settings.runMillis());
							rounds.put(cell, round, measured);
							runs.add(round, cell.client().label, cell.server(), cell.transport().label,
									cell.metric().mode, cell.metric().inFlight, measured.count(),
									measured.nanos() / 1e9, measured.p50(), measured.p99(), measured.p999(),
									measured.rate(), measured.clientCpuMicrosPerRequest(),
									measured.serverCpuMicrosPerRequest());
						}
						group = end;
					}
					for (Cell[] pair : pairs) {
						// Which client runs first alternates by round as well.
						int first = round % 2;
						Measured[] measured = Measured.pair(client, pair[first].target(), pair[1 - first].target(),
								this.settings.runMillis() * PAIRED_RUNS, this.settings.maxCount());
						for (int i = 0; i < 2; i++) {
							Cell cell = pair[(first + i) % 2];
							rounds.put(cell, round, measured[i]);
							runs.add(round, cell.client().label, cell.server(), cell.transport().label,
									cell.metric().mode, cell.metric().inFlight, measured[i].count(),
									measured[i].nanos() / 1e9, measured[i].p50(), measured[i].p99(), measured[i].p999(),
									Double.NaN, Double.NaN, Double.NaN);
						}
					}
					System.out.printf("unix: round %d of %d done%n", round, this.settings.rounds());
				}
				checkRoutes(client);
			}
		}
		finally {
			if (nginx != null) {
				nginx.close();
			}
			FileSystemUtils.deleteRecursively(directory);
			FileSystemUtils.deleteRecursively(nginxDirectory);
		}
		runs.write(out.resolve("unix-runs.csv"));
		summarize(rounds, servers, nginxMissing, out);
	}

	/**
	 * The measured cells, each group of compared cells (one client, server and metric
	 * over every transport) next to each other. On the Spring servers every metric over
	 * TCP and the route, and the hand-wired client's latency; on nginx, the case of a
	 * cheap sidecar, latency and upload over TCP and the route, and the hand-wired
	 * client's latency over both transports.
	 */
	static List<Cell> cells(List<String> servers) {
		List<Cell> cells = new ArrayList<>();
		for (String server : servers) {
			boolean nginx = server.equals(NGINX);
			for (Client client : Client.values()) {
				for (Metric metric : Metric.values()) {
					if (metric == Metric.PAIRED || nginx && metric != Metric.LATENCY && metric != Metric.UPLOAD) {
						continue;
					}
					for (Transport transport : Transport.values()) {
						boolean measured = switch (transport) {
							case TCP, UNIX -> true;
							case HAND_WIRED -> client.handWired() && metric == Metric.LATENCY;
							case HAND_WIRED_TCP -> client.handWired() && metric == Metric.LATENCY && nginx;
						};
						if (measured) {
							cells.add(new Cell(client, server, transport, metric));
						}
					}
				}
			}
		}
		return cells;
	}

	/**
	 * The paired runs: for every client the starter routes on Reactor Netty and every
	 * server, the route's cell and the hand-wired client's ({@link Metric#PAIRED}).
	 */
	static List<Cell[]> pairs(List<String> servers) {
		List<Cell[]> pairs = new ArrayList<>();
		for (String server : servers) {
			for (Client client : Client.values()) {
				if (client.handWired()) {
					pairs.add(new Cell[] { new Cell(client, server, Transport.UNIX, Metric.PAIRED),
							new Cell(client, server, Transport.HAND_WIRED, Metric.PAIRED) });
				}
			}
		}
		return pairs;
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

	private Measured measure(ChildJvm client, Measured.ServerCpu server, Cell cell, int millis) throws Exception {
		return Measured.measure(client, server, cell.target(), cell.metric().mode, cell.metric().inFlight, millis,
				this.settings.maxCount());
	}

	private void summarize(Rounds<Cell> rounds, List<String> servers, @Nullable String nginxMissing, Path out)
			throws Exception {
		Table summary = new Table("client", "server", "transport", "p50_us", "p99_us", "p999_us", "rate_1_per_s",
				"rate_4_per_s", "rate_16_per_s", "connect_per_s", "client_cpu_us_per_request",
				"server_cpu_us_per_request", "upload_mb_per_s");
		Table ratios = new Table("client", "server", "metric", "ratio", "ci_low", "ci_high");
		Table overhead = new Table("client", "server", "metric", "ratio", "ci_low", "ci_high");
		Table upload = new Table("client", "server", "tcp_mb_per_s", "unix_mb_per_s", "tcp_upload_ms", "unix_upload_ms",
				"ratio", "ci_low", "ci_high", "rounds", "verdict");
		Table nginxTable = new Table("client", "comparison", "metric", "numerator_us", "denominator_us", "ratio",
				"ci_low", "ci_high", "rounds");
		Table targets = new Table("client", "server", "comparison", "metric", "target", "ratio", "ci_low", "ci_high",
				"half_width", "rounds", "verdict");
		BarChart latency = new BarChart("Kept-alive latency, one request in flight (median of rounds)", "µs");
		BarChart throughput = new BarChart("Kept-alive throughput by requests in flight (median of rounds)",
				"requests per second");
		BarChart connect = new BarChart("New-connection rate: one new connection per request (median of rounds)",
				"requests (= new connections) per second");
		BarChart cpu = new BarChart("CPU time of client + server processes per request, " + ClientProcess.MAX_IN_FLIGHT
				+ " in flight (median of rounds)", "µs CPU per request");
		BarChart uploadChart = new BarChart(
				"Upload of " + this.settings.uploadMebibytes() + " MiB, one at a time (median of rounds)", "MB/s");
		RatioChart ratioChart = new RatioChart("Unix socket / TCP through the starter, 95% bootstrap intervals",
				"ratio Unix socket / TCP");
		ratioChart.line(0.80, "latency ≤ 0.80")
			.line(0.85, "CPU ≤ 0.85")
			.line(1.20, "throughput ≥ 1.20")
			.line(1.30, "connect ≥ 1.30");
		RatioChart uploadRatios = new RatioChart(
				"Upload throughput, Unix socket / TCP through the starter, 95% bootstrap intervals",
				"ratio Unix socket / TCP");
		uploadRatios.line(UPLOAD_TARGET, "target ≥ " + UPLOAD_TARGET);
		RatioChart nginxChart = new RatioChart("nginx as the sidecar: Unix socket / TCP, starter route and hand-wired",
				"ratio Unix socket / TCP");
		nginxChart.line(0.80, "latency target ≤ 0.80");
		RatioChart routeChart = new RatioChart("Starter route / hand-wired Reactor Netty client, same socket",
				"ratio starter route / hand-wired");
		routeChart.line(ROUTE_TARGET, "target ≤ " + ROUTE_TARGET + " (±3 %)");
		for (String server : servers) {
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
					Cell uploadCell = new Cell(client, server, transport, Metric.UPLOAD);
					boolean full = rounds.has(tp16);
					summary.add(client.label, server, transport.label, rounds.median(latencyCell, Measured::p50),
							rounds.median(latencyCell, Measured::p99), rounds.median(latencyCell, Measured::p999),
							rounds.median(latencyCell, Measured::rate),
							full ? rounds.median(tp4, Measured::rate) : Double.NaN,
							full ? rounds.median(tp16, Measured::rate) : Double.NaN,
							rounds.has(connectCell) ? rounds.median(connectCell, Measured::rate) : Double.NaN,
							full ? rounds.median(tp16, Measured::clientCpuMicrosPerRequest) : Double.NaN,
							full ? rounds.median(tp16, Measured::serverCpuMicrosPerRequest) : Double.NaN,
							rounds.has(uploadCell) ? rounds.median(uploadCell, this::megabytesPerSecond) : Double.NaN);
					latency.bar(pair, transport.label + " p50", rounds.median(latencyCell, Measured::p50));
					if (rounds.has(uploadCell)) {
						uploadChart.bar(pair, transport.label, rounds.median(uploadCell, this::megabytesPerSecond));
					}
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
					Cell unix = new Cell(client, server, Transport.UNIX, ratio.metric());
					Cell tcp = new Cell(client, server, Transport.TCP, ratio.metric());
					if (!rounds.has(unix)) {
						continue;
					}
					Bootstrap.Interval interval = rounds.ratio(unix, tcp, ratio.figure());
					String verdict = interval.verdict(ratio.target(), ratio.atMost());
					ratios.add(client.label, server, ratio.name(), interval.ratio(), interval.low(), interval.high());
					targets.add(client.label, server, "unix/tcp", ratio.name(),
							(ratio.atMost() ? "<= " : ">= ") + ratio.target(), interval.ratio(), interval.low(),
							interval.high(), interval.halfWidth(), interval.rounds(), verdict);
					if (ratio.metric() == Metric.UPLOAD) {
						upload.add(client.label, server, rounds.median(tcp, this::megabytesPerSecond),
								rounds.median(unix, this::megabytesPerSecond), rounds.median(tcp, Measured::p50) / 1e3,
								rounds.median(unix, Measured::p50) / 1e3, interval.ratio(), interval.low(),
								interval.high(), interval.rounds(), verdict);
						uploadRatios.ratio(pair, interval);
					}
					else if (server.equals(NGINX)) {
						nginxTable.add(client.label, "route unix/tcp", ratio.name(),
								rounds.median(unix, ratio.figure()), rounds.median(tcp, ratio.figure()),
								interval.ratio(), interval.low(), interval.high(), interval.rounds());
						nginxChart.ratio(client.label + " route " + ratio.name(), interval);
					}
					else {
						ratioChart.ratio(pair + " " + ratio.name(), interval);
					}
				}
				if (client.handWired()) {
					for (Ratio ratio : RATIOS.subList(0, 2)) {
						Cell route = new Cell(client, server, Transport.UNIX, Metric.PAIRED);
						Cell hand = new Cell(client, server, Transport.HAND_WIRED, Metric.PAIRED);
						Bootstrap.Interval interval = rounds.ratio(route, hand, ratio.figure());
						overhead.add(client.label, server, ratio.name(), interval.ratio(), interval.low(),
								interval.high());
						targets.add(client.label, server, "route/hand-wired", ratio.name(),
								"<= " + ROUTE_TARGET + " ±" + Math.round(ROUTE_HALF_WIDTH * 100) + "%",
								interval.ratio(), interval.low(), interval.high(), interval.halfWidth(),
								interval.rounds(), interval.verdict(ROUTE_TARGET, true, ROUTE_HALF_WIDTH));
						routeChart.ratio(pair + " " + ratio.name(), interval);
						Cell handUnix = new Cell(client, server, Transport.HAND_WIRED, Metric.LATENCY);
						Cell handTcp = new Cell(client, server, Transport.HAND_WIRED_TCP, Metric.LATENCY);
						if (rounds.has(handTcp)) {
							Bootstrap.Interval anchor = rounds.ratio(handUnix, handTcp, ratio.figure());
							nginxTable.add(client.label, "hand-wired unix/tcp", ratio.name(),
									rounds.median(handUnix, ratio.figure()), rounds.median(handTcp, ratio.figure()),
									anchor.ratio(), anchor.low(), anchor.high(), anchor.rounds());
							nginxChart.ratio(client.label + " hand-wired " + ratio.name(), anchor);
						}
					}
				}
			}
		}
		if (nginxMissing != null) {
			for (Client client : Client.values()) {
				for (String metric : List.of("p50", "p99", "upload_throughput")) {
					targets.add(client.label, NGINX, "unix/tcp", metric, "", Double.NaN, Double.NaN, Double.NaN,
							Double.NaN, 0, "skipped: " + nginxMissing);
				}
			}
		}
		summary.write(out.resolve("unix-summary.csv"));
		ratios.write(out.resolve("unix-ratios.csv"));
		overhead.write(out.resolve("unix-route-overhead.csv"));
		upload.write(out.resolve("unix-upload.csv"));
		nginxTable.write(out.resolve("unix-nginx.csv"));
		targets.write(out.resolve("unix-targets.csv"));
		latency.write(out.resolve("unix-latency.png"));
		throughput.write(out.resolve("unix-throughput.png"));
		connect.write(out.resolve("unix-connect.png"));
		cpu.write(out.resolve("unix-cpu.png"));
		uploadChart.write(out.resolve("unix-upload-throughput.png"));
		ratioChart.write(out.resolve("unix-ratios.png"));
		uploadRatios.write(out.resolve("unix-upload.png"));
		routeChart.write(out.resolve("unix-route-overhead.png"));
		if (nginxMissing == null) {
			nginxChart.write(out.resolve("unix-nginx.png"));
		}
		String report = new UnixReport(this.settings, nginxMissing).text(targets, upload, nginxTable, summary);
		Path page = out.resolve("README.md");
		if (new PageSection(SECTION).rewrite(page, report)) {
			System.out.println("unix: rewrote the '" + SECTION + "' section of " + page);
		}
		else {
			Files.writeString(out.resolve("unix-report.md"), report);
			System.out.println("unix: no page with a '" + SECTION + "' section in " + out + "; the section is in "
					+ out.resolve("unix-report.md"));
		}
	}

	/** Upload throughput of a run, in MB (10^6 bytes) per second. */
	private double megabytesPerSecond(Measured measured) {
		return measured.rate() * this.settings.uploadBytes() / 1e6;
	}

}
