package io.github.loopbackfastpath.benchmarks.endtoend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.loopbackfastpath.benchmarks.Load;
import io.github.loopbackfastpath.benchmarks.Settings;
import io.github.loopbackfastpath.benchmarks.report.BarChart;
import io.github.loopbackfastpath.benchmarks.report.Table;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.platform.FastPathPlatforms;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * End-to-end requests from Spring's HTTP clients to Spring Boot servers over TCP loopback
 * (127.0.0.1), with the starter absent, enabled (on Linux: the unsupported-platform path), and
 * enabled with the C stand-in (the real JNA call on every new socket). All three deployments
 * run in this JVM at once; every round measures each of them back to back, in an order that
 * rotates from round to round, so that a noisy machine slows all of them alike and the ratios
 * hold.
 * <p>
 * Three measurements per client and server: the rate of sequential requests that each open a
 * new connection ({@code Connection: close}), latency of sequential requests on kept-alive
 * connections, and throughput with four requests in flight. Before each kept-alive run the
 * client's pool is filled, unmeasured, so the count of fast-path offers and native calls during
 * those runs shows what a request on an established connection pays.
 */
public final class EndToEndSuite {

	/** Requests in flight in the throughput measurement. */
	static final int THREADS = 4;

	/** Whether and how the starter is in the application. */
	enum Variant {

		ABSENT("absent"), ENABLED("enabled"), STAND_IN("enabled+stand-in");

		final String label;

		Variant(String label) {
			this.label = label;
		}

	}

	enum Server {

		TOMCAT("tomcat", WebApplicationType.SERVLET), NETTY("netty", WebApplicationType.REACTIVE);

		final String label;

		final WebApplicationType type;

		Server(String label, WebApplicationType type) {
			this.label = label;
			this.type = type;
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

		CONNECT, LATENCY, THROUGHPUT

	}

	record Pair(Client client, Server server) {

		String label() {
			return this.client.label + "→" + this.server.label;
		}

	}

	private final Settings settings;

	private final String standInLibrary;

	private final StandInCalls standInCalls;

	private final Table runs = new Table("round", "client", "server", "variant", "metric", "requests", "seconds",
			"p50_us", "p99_us", "rate_per_s", "fastpath_offers", "native_calls");

	private final Map<Pair, Map<Variant, Totals>> totals = new LinkedHashMap<>();

	/**
	 * Creates the suite.
	 * @param settings how long to measure
	 * @param standInLibrary the compiled stand-in library
	 */
	public EndToEndSuite(Settings settings, String standInLibrary) {
		this.settings = settings;
		this.standInLibrary = standInLibrary;
		this.standInCalls = new StandInCalls(standInLibrary);
	}

	/**
	 * Runs the measurements and writes {@code e2e-runs.csv}, {@code e2e-summary.csv} and the
	 * plots.
	 * @param out the results directory
	 * @return the ratios of the enabled variants against the absent one
	 * @throws Exception when a deployment fails or a request fails
	 */
	public Table run(Path out) throws Exception {
		List<Pair> pairs = new ArrayList<>();
		for (Server server : Server.values()) {
			for (Client client : Client.values()) {
				pairs.add(new Pair(client, server));
			}
		}
		Map<Variant, Deployment> deployments = new EnumMap<>(Variant.class);
		try {
			for (Variant variant : Variant.values()) {
				deployments.put(variant, deploy(variant));
			}
			for (Pair pair : pairs) {
				for (Variant variant : Variant.values()) {
					Deployment deployment = deployments.get(variant);
					for (Metric metric : Metric.values()) {
						measure(deployment, pair, metric, this.settings.warmupMillis());
					}
				}
			}
			Variant[] variants = Variant.values();
			for (int round = 1; round <= this.settings.rounds(); round++) {
				for (Pair pair : pairs) {
					for (Metric metric : Metric.values()) {
						for (int i = 0; i < variants.length; i++) {
							Variant variant = variants[(i + round) % variants.length];
							Measured measured = measure(deployments.get(variant), pair, metric,
									this.settings.runMillis());
							record(round, pair, variant, metric, measured);
						}
					}
				}
				System.out.printf("end-to-end: round %d of %d done%n", round, this.settings.rounds());
			}
		}
		finally {
			for (Deployment deployment : deployments.values()) {
				deployment.close();
			}
		}
		this.runs.write(out.resolve("e2e-runs.csv"));
		return summarize(out);
	}

	private Deployment deploy(Variant variant) {
		// The native test seam is read when the starter's LoopbackFastPath bean is created, so
		// the property only needs to be set while the stand-in deployment starts.
		if (variant == Variant.STAND_IN) {
			System.setProperty(FastPathPlatforms.NATIVE_LIBRARY_PROPERTY, this.standInLibrary);
		}
		try {
			return new Deployment(variant, start(PingApplication.class, Server.TOMCAT.type, variant),
					start(PingApplication.class, Server.NETTY.type, variant),
					start(ClientApplication.class, WebApplicationType.NONE, variant));
		}
		finally {
			System.clearProperty(FastPathPlatforms.NATIVE_LIBRARY_PROPERTY);
		}
	}

	private static ConfigurableApplicationContext start(Class<?> application, WebApplicationType type,
			Variant variant) {
		return new SpringApplicationBuilder(application).web(type)
			.properties("loopback.fastpath.enabled=" + (variant != Variant.ABSENT), "server.address=127.0.0.1",
					"server.port=0", "spring.main.banner-mode=off", "spring.jmx.enabled=false",
					"logging.level.root=WARN",
					// Tomcat closes a kept-alive connection after 100 requests and after 20 s idle; a
					// pooled client connection closed that way while a request is on it fails the run
					// ("Connection prematurely closed BEFORE response"). Keep connections for the run.
					"server.tomcat.max-keep-alive-requests=-1", "server.tomcat.keep-alive-timeout=10m",
					// The Reactor Netty clients are the ones the starter hooks; absent uses them too.
					"spring.http.clients.imperative.factory=reactor", "spring.http.clients.reactive.connector=reactor")
			.run();
	}

	private Measured measure(Deployment deployment, Pair pair, Metric metric, long millis) throws Exception {
		Load.Call call = deployment.call(pair, metric == Metric.CONNECT);
		if (metric == Metric.CONNECT) {
			// Uses up the pool's idle connections (at most one per thread of the throughput run),
			// so that every measured request opens a new one.
			Load.sequential(call, 1000, THREADS);
		}
		else {
			// Fills the pool with as many connections as the throughput run keeps busy, so that
			// the measured kept-alive runs open new ones only when a server closes one.
			Load.concurrent(call, THREADS, 100, THREADS * 50);
		}
		long offersBefore = deployment.offers(pair.client());
		long nativeBefore = this.standInCalls.count();
		Load.Run run = switch (metric) {
			case LATENCY, CONNECT -> Load.sequential(call, millis, this.settings.maxCount());
			case THROUGHPUT -> Load.concurrent(call, THREADS, millis, this.settings.maxCount());
		};
		long offers = deployment.offers(pair.client()) - offersBefore;
		long nativeCalls = this.standInCalls.count() - nativeBefore;
		return new Measured(run, (deployment.outcomes != null) ? offers : -1, nativeCalls);
	}

	private void record(int round, Pair pair, Variant variant, Metric metric, Measured measured) {
		Load.Run run = measured.run();
		this.runs.add(round, pair.client().label, pair.server().label, variant.label,
				metric.name().toLowerCase(java.util.Locale.ROOT), run.count(), run.nanos() / 1e9,
				Load.percentile(run.latencies(), 50) / 1e3, Load.percentile(run.latencies(), 99) / 1e3, run.rate(),
				(measured.offers() < 0) ? "" : measured.offers(), measured.nativeCalls());
		Totals totals = this.totals.computeIfAbsent(pair, (key) -> new EnumMap<>(Variant.class))
			.computeIfAbsent(variant, (key) -> new Totals());
		totals.add(metric, measured);
	}

	private Table summarize(Path out) throws Exception {
		Table summary = new Table("client", "server", "variant", "p50_us", "p99_us", "throughput_per_s",
				"connect_per_s", "keepalive_requests", "keepalive_offers", "keepalive_native_calls",
				"connect_requests", "connect_offers", "connect_native_calls");
		Table ratios = new Table("client", "server", "variant", "p50_ratio", "p99_ratio", "throughput_ratio",
				"connect_ratio", "p50_target_met", "throughput_target_met", "connect_target_met");
		BarChart latency = new BarChart("End-to-end latency, sequential requests on a kept-alive connection (p50)",
				"p50 latency (µs)");
		BarChart throughput = new BarChart("End-to-end throughput, " + THREADS + " requests in flight",
				"requests per second");
		BarChart connect = new BarChart("Connection setup: one new connection per request",
				"requests (= new connections) per second");
		BarChart change = new BarChart("Starter enabled vs absent: change in % (p50 latency, throughput, setup rate)",
				"% change vs absent");
		change.line(1, "p50 target +1%").line(-2, "rate targets -2%");
		for (Map.Entry<Pair, Map<Variant, Totals>> entry : this.totals.entrySet()) {
			Pair pair = entry.getKey();
			Totals absent = entry.getValue().get(Variant.ABSENT);
			for (Map.Entry<Variant, Totals> variantEntry : entry.getValue().entrySet()) {
				Variant variant = variantEntry.getKey();
				Totals t = variantEntry.getValue();
				summary.add(pair.client().label, pair.server().label, variant.label, t.p50() / 1e3, t.p99() / 1e3,
						t.throughput(), t.connectRate(), t.keepAliveRequests, offers(variant, t.keepAliveOffers),
						t.keepAliveNative, t.connectRequests, offers(variant, t.connectOffers), t.connectNative);
				latency.bar(pair.label(), variant.label, t.p50() / 1e3);
				throughput.bar(pair.label(), variant.label, t.throughput());
				connect.bar(pair.label(), variant.label, t.connectRate());
				if (variant == Variant.ABSENT) {
					continue;
				}
				double p50 = t.p50() / absent.p50();
				double p99 = t.p99() / absent.p99();
				double rate = t.throughput() / absent.throughput();
				double setup = t.connectRate() / absent.connectRate();
				ratios.add(pair.client().label, pair.server().label, variant.label, p50, p99, rate, setup,
						p50 <= 1.01, rate >= 0.98, setup >= 0.98);
				if (variant == Variant.ENABLED) {
					change.bar(pair.label(), "p50 latency", (p50 - 1) * 100);
					change.bar(pair.label(), "throughput", (rate - 1) * 100);
					change.bar(pair.label(), "setup rate", (setup - 1) * 100);
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

	private static Object offers(Variant variant, long offers) {
		return (variant == Variant.ABSENT) ? "" : offers;
	}

	private record Measured(Load.Run run, long offers, long nativeCalls) {
	}

	/** Everything measured for one client, server and variant, over all rounds. */
	private static final class Totals {

		private final List<long[]> latencies = new ArrayList<>();

		private long[] merged;

		private long throughputCount;

		private long throughputNanos;

		private long connectRequests;

		private long connectNanos;

		private long connectOffers;

		private long connectNative;

		private long keepAliveRequests;

		private long keepAliveOffers;

		private long keepAliveNative;

		void add(Metric metric, Measured measured) {
			Load.Run run = measured.run();
			switch (metric) {
				case LATENCY -> this.latencies.add(run.latencies());
				case THROUGHPUT -> {
					this.throughputCount += run.count();
					this.throughputNanos += run.nanos();
				}
				case CONNECT -> {
					this.connectRequests += run.count();
					this.connectNanos += run.nanos();
					this.connectOffers += Math.max(0, measured.offers());
					this.connectNative += measured.nativeCalls();
				}
			}
			if (metric != Metric.CONNECT) {
				this.keepAliveRequests += run.count();
				this.keepAliveOffers += Math.max(0, measured.offers());
				this.keepAliveNative += measured.nativeCalls();
			}
		}

		double p50() {
			return Load.percentile(merged(), 50);
		}

		double p99() {
			return Load.percentile(merged(), 99);
		}

		private long[] merged() {
			if (this.merged == null) {
				this.merged = Load.merge(this.latencies);
			}
			return this.merged;
		}

		double throughput() {
			return this.throughputCount * 1e9 / this.throughputNanos;
		}

		double connectRate() {
			return this.connectRequests * 1e9 / this.connectNanos;
		}

	}

	/** The three applications of one variant: Tomcat, Reactor Netty, and the clients. */
	private static final class Deployment implements AutoCloseable {

		private final List<ConfigurableApplicationContext> contexts;

		private final @Nullable FastPathOutcomes outcomes;

		private final Map<String, Load.Call> calls = new LinkedHashMap<>();

		Deployment(Variant variant, ConfigurableApplicationContext tomcat, ConfigurableApplicationContext netty,
				ConfigurableApplicationContext clients) {
			this.contexts = List.of(tomcat, netty, clients);
			this.outcomes = clients.getBeanProvider(FastPathOutcomes.class).getIfAvailable();
			if ((this.outcomes != null) != (variant != Variant.ABSENT)) {
				throw new IllegalStateException("The starter should be " + variant.label + " but outcomes are "
						+ ((this.outcomes != null) ? "recorded" : "not recorded"));
			}
			for (Server server : Server.values()) {
				ConfigurableApplicationContext context = (server == Server.TOMCAT) ? tomcat : netty;
				String base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
				WebClient webClient = clients.getBean(WebClient.Builder.class).baseUrl(base).build();
				RestClient restClient = clients.getBean(RestClient.Builder.class).baseUrl(base).build();
				for (boolean close : new boolean[] { false, true }) {
					this.calls.put(key(Client.WEBCLIENT, server, close), () -> check(webClient.get()
						.uri("/ping")
						.headers((headers) -> connection(headers, close))
						.retrieve()
						.bodyToMono(String.class)
						.block()));
					this.calls.put(key(Client.RESTCLIENT, server, close), () -> check(restClient.get()
						.uri("/ping")
						.headers((headers) -> connection(headers, close))
						.retrieve()
						.body(String.class)));
				}
			}
		}

		private static String key(Client client, Server server, boolean close) {
			return client + "/" + server + "/" + close;
		}

		private static void connection(HttpHeaders headers, boolean close) {
			if (close) {
				headers.set(HttpHeaders.CONNECTION, "close");
			}
		}

		private static void check(@Nullable String body) {
			if (!"pong".equals(body)) {
				throw new IllegalStateException("Unexpected response: " + body);
			}
		}

		Load.Call call(Pair pair, boolean newConnection) {
			return this.calls.get(key(pair.client(), pair.server(), newConnection));
		}

		/** How many client sockets the starter has been offered so far, whatever the outcome. */
		long offers(Client client) {
			if (this.outcomes == null) {
				return 0;
			}
			ComponentStats stats = this.outcomes.components().get(client.label);
			return (stats != null) ? stats.applied() + stats.failed() + stats.skipped() : 0;
		}

		@Override
		public void close() {
			for (ConfigurableApplicationContext context : this.contexts) {
				context.close();
			}
		}

	}

}
