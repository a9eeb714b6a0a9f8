package io.github.loopbackfastpath.benchmarks.endtoend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.github.loopbackfastpath.benchmarks.Settings;
import io.github.loopbackfastpath.benchmarks.report.BarChart;
import io.github.loopbackfastpath.benchmarks.report.Bootstrap;
import io.github.loopbackfastpath.benchmarks.report.RatioChart;
import io.github.loopbackfastpath.benchmarks.report.Table;

/**
 * End-to-end requests from Spring's HTTP clients to Spring Boot servers over TCP loopback
 * (127.0.0.1), with the starter absent, enabled (on Linux: the unsupported-platform
 * path), and enabled with the C stand-in (the real JNA call on every new socket). The
 * servers of all three variants run in one process and the clients in another, each
 * pinned to a core of its own (see {@link ChildJvm}); after an unmeasured warm-up of
 * every configuration, every round measures the three variants back to back, in an order
 * that rotates from round to round, so that a slow moment of the machine falls on all of
 * them alike. Each ratio against the absent starter is the geometric mean of the
 * per-round ratios with a 95% bootstrap interval over rounds ({@link Bootstrap}).
 * <p>
 * Three measurements per client and server: latency of sequential requests on a
 * kept-alive connection, throughput with {@value #THREADS} requests in flight, and the
 * rate of sequential requests that each open a new connection
 * ({@code Connection: close}). Before each kept-alive run the client's pool is filled,
 * unmeasured, so the count of fast-path offers and native calls during those runs shows
 * what a request on an established connection pays.
 */
public final class EndToEndSuite {

	/** Requests in flight in the throughput measurement. */
	static final int THREADS = 4;

	/** p50 latency enabled / absent at most this. */
	static final double P50_TARGET = 1.01;

	/** Throughput and new-connection rate enabled / absent at least this. */
	static final double RATE_TARGET = 0.98;

	/** Whether and how the starter is in the application. */
	enum Variant {

		ABSENT("absent"), ENABLED("enabled"), STAND_IN("enabled+stand-in");

		final String label;

		Variant(String label) {
			this.label = label;
		}

	}

	enum Server {

		TOMCAT("tomcat"), NETTY("netty");

		final String label;

		Server(String label) {
			this.label = label;
		}

	}

	enum Client {

		WEBCLIENT("webclient"), RESTCLIENT("restclient");

		final String label;

		Client(String label) {
			this.label = label;
		}

	}

	enum Metric {

		LATENCY(1, false), THROUGHPUT(THREADS, false), CONNECT(1, true);

		final int inFlight;

		final boolean connect;

		Metric(int inFlight, boolean connect) {
			this.inFlight = inFlight;
			this.connect = connect;
		}

	}

	record Pair(Client client, Server server) {

		String label() {
			return this.client.label + "→" + this.server.label;
		}

	}

	record Cell(Pair pair, Variant variant, Metric metric) {

		String target() {
			return this.pair.client().label + "/" + this.pair.server().label + "/" + this.variant.name();
		}

	}

	private final Settings settings;

	private final String standInLibrary;

	/**
	 * Creates the suite.
	 * @param settings how long to measure
	 * @param standInLibrary the compiled stand-in library
	 */
	public EndToEndSuite(Settings settings, String standInLibrary) {
		this.settings = settings;
		this.standInLibrary = standInLibrary;
	}

	/**
	 * Runs the measurements and writes {@code e2e-runs.csv}, {@code e2e-summary.csv},
	 * {@code e2e-ratios.csv} and the plots.
	 * @param out the results directory
	 * @return the ratios of the enabled variants against the absent one
	 * @throws Exception when a process fails or a request fails
	 */
	public Table run(Path out) throws Exception {
		List<Pair> pairs = new ArrayList<>();
		for (Server server : Server.values()) {
			for (Client client : Client.values()) {
				pairs.add(new Pair(client, server));
			}
		}
		List<String> serverArgs = new ArrayList<>();
		List<String> clientArgs = new ArrayList<>();
		for (Variant variant : Variant.values()) {
			String standIn = (variant == Variant.STAND_IN) ? this.standInLibrary : "-";
			String enabled = "loopback.fastpath.enabled=" + (variant != Variant.ABSENT);
			for (Server server : Server.values()) {
				serverArgs.addAll(List.of(variant.name() + "-" + server.label, server.label, standIn, enabled));
			}
			// The Reactor Netty clients are the ones the starter hooks; absent uses
			// them too.
			clientArgs.addAll(List.of(variant.name(), standIn,
					enabled + Apps.SEPARATOR + "spring.http.clients.imperative.factory=reactor" + Apps.SEPARATOR
							+ "spring.http.clients.reactive.connector=reactor"));
		}
		Table runs = new Table("round", "client", "server", "variant", "metric", "in_flight", "requests", "seconds",
				"p50_us", "p99_us", "p999_us", "rate_per_s", "client_cpu_us_per_request", "server_cpu_us_per_request",
				"fastpath_offers", "native_calls");
		Rounds<Cell> rounds = new Rounds<>(this.settings.rounds());
		try (ChildJvm server = ChildJvm.start("e2e-servers", 1, ServerProcess.class, serverArgs)) {
			String[] ports = server.reply(180).split(" ");
			try (ChildJvm client = ChildJvm.start("e2e-clients", 0, ClientProcess.class, clientArgs)) {
				client.reply(180);
				System.out.println("end-to-end: servers " + server.pinnedTo() + ", clients " + client.pinnedTo());
				for (Variant variant : Variant.values()) {
					for (Pair pair : pairs) {
						String url = "http://127.0.0.1:" + port(ports, variant.name() + "-" + pair.server().label);
						client.ask("target " + new Cell(pair, variant, Metric.LATENCY).target() + " " + variant.name()
								+ " " + pair.client().label + " " + url + " - pong " + this.settings.uploadBytes(), 30);
					}
				}
				for (Pair pair : pairs) {
					for (Variant variant : Variant.values()) {
						for (Metric metric : Metric.values()) {
							measure(client, server, new Cell(pair, variant, metric), this.settings.warmupMillis());
						}
					}
				}
				Variant[] variants = Variant.values();
				for (int round = 1; round <= this.settings.rounds(); round++) {
					for (Pair pair : pairs) {
						for (Metric metric : Metric.values()) {
							for (int i = 0; i < variants.length; i++) {
								Cell cell = new Cell(pair, variants[(i + round) % variants.length], metric);
								Measured measured = measure(client, server, cell, this.settings.runMillis());
								rounds.put(cell, round, measured);
								runs.add(round, pair.client().label, pair.server().label, cell.variant().label,
										metric.name().toLowerCase(Locale.ROOT), metric.inFlight, measured.count(),
										measured.nanos() / 1e9, measured.p50(), measured.p99(), measured.p999(),
										measured.rate(), measured.clientCpuMicrosPerRequest(),
										measured.serverCpuMicrosPerRequest(), count(measured.offers()),
										count(measured.nativeCalls()));
							}
						}
					}
					System.out.printf("end-to-end: round %d of %d done%n", round, this.settings.rounds());
				}
			}
		}
		runs.write(out.resolve("e2e-runs.csv"));
		return summarize(pairs, rounds, out);
	}

	static String port(String[] ready, String id) {
		for (String entry : ready) {
			if (entry.startsWith(id + "=")) {
				return entry.substring(id.length() + 1);
			}
		}
		throw new IllegalStateException("No server " + id + " in " + String.join(" ", ready));
	}

	private Measured measure(ChildJvm client, ChildJvm server, Cell cell, int millis) throws Exception {
		return Measured.measure(client, server, cell.target(), cell.metric().connect, cell.metric().inFlight, millis,
				this.settings.maxCount());
	}

	private static Object count(long value) {
		return (value < 0) ? "" : value;
	}

	private Table summarize(List<Pair> pairs, Rounds<Cell> rounds, Path out) throws Exception {
		Table summary = new Table("client", "server", "variant", "p50_us", "p99_us", "p999_us", "throughput_per_s",
				"connect_per_s", "keepalive_requests", "keepalive_offers", "keepalive_native_calls", "connect_requests",
				"connect_offers", "connect_native_calls");
		Table ratios = new Table("client", "server", "variant", "metric", "ratio", "ci_low", "ci_high", "rounds",
				"target", "verdict");
		BarChart latency = new BarChart(
				"End-to-end latency, sequential requests on a kept-alive connection (p50, median of rounds)",
				"p50 latency (µs)");
		BarChart throughput = new BarChart("End-to-end throughput, " + THREADS + " requests in flight",
				"requests per second");
		BarChart connect = new BarChart("Connection setup: one new connection per request",
				"requests (= new connections) per second");
		RatioChart change = new RatioChart("Starter enabled / absent, with 95% bootstrap intervals over rounds",
				"ratio enabled / absent");
		change.line(P50_TARGET, "p50 target ≤ " + P50_TARGET).line(RATE_TARGET, "rate targets ≥ " + RATE_TARGET);
		for (Pair pair : pairs) {
			for (Variant variant : Variant.values()) {
				Cell latencyCell = new Cell(pair, variant, Metric.LATENCY);
				Cell throughputCell = new Cell(pair, variant, Metric.THROUGHPUT);
				Cell connectCell = new Cell(pair, variant, Metric.CONNECT);
				long keepAliveRequests = rounds.sum(latencyCell, Measured::count)
						+ rounds.sum(throughputCell, Measured::count);
				long keepAliveOffers = rounds.sum(latencyCell, Measured::offers)
						+ rounds.sum(throughputCell, Measured::offers);
				long keepAliveNative = rounds.sum(latencyCell, Measured::nativeCalls)
						+ rounds.sum(throughputCell, Measured::nativeCalls);
				summary.add(pair.client().label, pair.server().label, variant.label,
						rounds.median(latencyCell, Measured::p50), rounds.median(latencyCell, Measured::p99),
						rounds.median(latencyCell, Measured::p999), rounds.median(throughputCell, Measured::rate),
						rounds.median(connectCell, Measured::rate), keepAliveRequests,
						(variant == Variant.ABSENT) ? "" : keepAliveOffers,
						(variant == Variant.STAND_IN) ? keepAliveNative : "", rounds.sum(connectCell, Measured::count),
						(variant == Variant.ABSENT) ? "" : rounds.sum(connectCell, Measured::offers),
						(variant == Variant.STAND_IN) ? rounds.sum(connectCell, Measured::nativeCalls) : "");
				latency.bar(pair.label(), variant.label, rounds.median(latencyCell, Measured::p50));
				throughput.bar(pair.label(), variant.label, rounds.median(throughputCell, Measured::rate));
				connect.bar(pair.label(), variant.label, rounds.median(connectCell, Measured::rate));
				if (variant == Variant.ABSENT) {
					continue;
				}
				Pair p = pair;
				Variant v = variant;
				Ratio[] compared = { new Ratio("p50", Metric.LATENCY, Measured::p50, P50_TARGET, true),
						new Ratio("p99", Metric.LATENCY, Measured::p99, Double.NaN, true),
						new Ratio("throughput", Metric.THROUGHPUT, Measured::rate, RATE_TARGET, false),
						new Ratio("connect", Metric.CONNECT, Measured::rate, RATE_TARGET, false) };
				for (Ratio ratio : compared) {
					Bootstrap.Interval interval = rounds.ratio(new Cell(p, v, ratio.metric()),
							new Cell(p, Variant.ABSENT, ratio.metric()), ratio.figure());
					boolean targeted = !Double.isNaN(ratio.target());
					ratios.add(p.client().label, p.server().label, v.label, ratio.name(), interval.ratio(),
							interval.low(), interval.high(), interval.rounds(),
							targeted ? (ratio.atMost() ? "<= " : ">= ") + ratio.target() : "",
							targeted ? interval.verdict(ratio.target(), ratio.atMost()) : "");
					if (v == Variant.ENABLED && targeted) {
						change.ratio(p.label() + " " + ratio.name(), interval);
					}
				}
			}
		}
		summary.write(out.resolve("e2e-summary.csv"));
		ratios.write(out.resolve("e2e-ratios.csv"));
		latency.write(out.resolve("e2e-latency.png"));
		throughput.write(out.resolve("e2e-throughput.png"));
		connect.write(out.resolve("e2e-connect.png"));
		change.write(out.resolve("e2e-enabled-vs-absent.png"));
		return ratios;
	}

	/** A compared figure and its target. */
	record Ratio(String name, Metric metric, ToDoubleFunction<Measured> figure, double target, boolean atMost) {
	}

}
