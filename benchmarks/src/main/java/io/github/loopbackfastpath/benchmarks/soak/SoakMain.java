package io.github.loopbackfastpath.benchmarks.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.platform.FastPathPlatforms;

/**
 * The reliability soak: {@code SoakMain --soak|--soak-full --out DIR}, started by
 * {@code benchmarks/run.sh --soak} through the {@code soak} Maven profile.
 * <p>
 * In one JVM, with the C stand-in of {@code WSAIoctl} behind the native test seam and
 * failing a share of its calls at random (the environment variable
 * {@code WSA_STANDIN_FAILURE_RATE}, which the stand-in reads when it loads), it sends
 * requests from every client the starter hooks (WebClient, RestClient and RestTemplate on
 * Reactor Netty; RestClient and RestTemplate on Apache HttpClient 5) to a Tomcat and a
 * Reactor Netty server, on kept-alive connections and with one request in ten on a new
 * connection ({@code Connection: close}). Every phase starts and closes the client
 * applications, and every few phases the servers too.
 * <p>
 * It writes {@code soak-summary.csv} and exits non-zero when a request failed, when the
 * starter's recorded outcomes (applied + failed) and the stand-in's own count of calls
 * disagree, when the failures disagree, or when file descriptors or threads grew beyond
 * the allowances below between a warmed-up start and the end.
 */
public final class SoakMain {

	/**
	 * Descriptors the JVM may hold more at the end than after warmup (JIT, class data,
	 * logs).
	 */
	static final int FD_ALLOWANCE = 8;

	/**
	 * Threads the JVM may have more at the end than after warmup (JVM-internal workers).
	 */
	static final int THREAD_ALLOWANCE = 4;

	/** Requests in flight. */
	static final int THREADS = 4;

	/**
	 * One request in this many asks for a new connection with {@code Connection: close}.
	 */
	static final int CHURN_EVERY = 10;

	/** How long the end may take to show closed connections and stopped threads. */
	static final Duration SETTLE = Duration.ofSeconds(60);

	private final Mode mode;

	private final String standInLibrary;

	private final StandInCounts standIn;

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong failedRequests = new AtomicLong();

	private final AtomicLong churned = new AtomicLong();

	private final List<String> failureSamples = new ArrayList<>();

	private final Totals totals = new Totals();

	private int contextRestarts;

	private int unixOutages;

	private int unixRecovered;

	private SoakMain(Mode mode, String standInLibrary) {
		this.mode = mode;
		this.standInLibrary = standInLibrary;
		this.standIn = new StandInCounts(standInLibrary);
	}

	/**
	 * Runs the soak.
	 * @param args {@code --soak} or {@code --soak-full}, and {@code --out DIR}
	 * @throws Exception when the soak cannot run at all
	 */
	public static void main(String[] args) throws Exception {
		Mode mode = Mode.BOUNDED;
		Path out = Path.of("benchmark-results");
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--soak" -> mode = Mode.BOUNDED;
				case "--soak-full" -> mode = Mode.FULL;
				case "--out" -> out = Path.of(args[++i]);
				default -> throw new IllegalArgumentException(
						"Unknown argument " + args[i] + "; expected --soak|--soak-full [--out DIR]");
			}
		}
		String standIn = System.getProperty("benchmarks.standin");
		if (standIn == null || !Files.isRegularFile(Path.of(standIn))) {
			throw new IllegalStateException(
					"-Dbenchmarks.standin must name the compiled stand-in library, got " + standIn);
		}
		Files.createDirectories(out);
		int exit = new SoakMain(mode, standIn).run(out.resolve("soak-summary.csv"));
		// Reactor Netty and Tomcat may leave non-daemon threads behind for a moment
		// after close.
		System.exit(exit);
	}

	private int run(Path summaryFile) throws Exception {
		long started = System.nanoTime();
		String failureRate = System.getenv().getOrDefault("WSA_STANDIN_FAILURE_RATE", "0");
		System.out.printf("Soak (%s): %d phases of %d requests, stand-in failing a share of %s of its calls%n",
				this.mode, this.mode.phases, this.mode.requestsPerPhase, failureRate);
		// The seam is read when each application's LoopbackFastPath bean is created: set
		// for the run.
		System.setProperty(FastPathPlatforms.NATIVE_LIBRARY_PROPERTY, this.standInLibrary);
		// Warmup: loads every class, JNA, the event loops and the JDK's lazily created
		// threads, so
		// that what is counted before and after is what the soak itself leaves behind.
		Path socketDirectory = Files.createTempDirectory("loopback-soak");
		UnixSidecar sidecar = new UnixSidecar(socketDirectory);
		sidecar.start();
		Servers warm = Servers.start();
		phase(warm, sidecar, 2_000, Long.MAX_VALUE, new Totals(), false);
		warm.close(new Totals());
		sidecar.stop(new Totals());
		if (!waitFor(SoakMain::requestThreadsGone, SETTLE)) {
			throw new IllegalStateException("The warmup's server and client threads did not stop: " + threadNames());
		}
		int fdBefore = openDescriptors();
		int threadsBefore = liveThreads();
		long callsBefore = this.standIn.calls();
		long nativeFailuresBefore = this.standIn.failed();
		this.requests.set(0);
		this.failedRequests.set(0);
		this.churned.set(0);

		long deadline = System.nanoTime() + this.mode.limit.toNanos();
		sidecar.start();
		Servers servers = Servers.start();
		for (int phase = 1; phase <= this.mode.phases && System.nanoTime() < deadline; phase++) {
			if (phase > 1 && phase % this.mode.serverRestartEvery == 0) {
				servers.close(this.totals);
				this.contextRestarts += 2;
				servers = Servers.start();
			}
			this.contextRestarts += phase(servers, sidecar, this.mode.requestsPerPhase, deadline, this.totals, true);
			System.out.printf("soak: phase %d of %d, %d requests, %d failed%n", phase, this.mode.phases,
					this.requests.get(), this.failedRequests.get());
		}
		servers.close(this.totals);
		this.contextRestarts += 2;
		if (sidecar.stop(this.totals)) {
			this.contextRestarts++;
		}
		Files.deleteIfExists(socketDirectory);
		System.clearProperty(FastPathPlatforms.NATIVE_LIBRARY_PROPERTY);

		long nativeCalls = this.standIn.calls() - callsBefore;
		long nativeFailures = this.standIn.failed() - nativeFailuresBefore;
		// HttpClient 5 connection pools of clients built from the auto-configured
		// builders are not beans, so they close their sockets when collected: ask for
		// collection while waiting.
		boolean settled = waitFor(() -> requestThreadsGone() && openDescriptors() <= fdBefore + FD_ALLOWANCE
				&& liveThreads() <= threadsBefore + THREAD_ALLOWANCE, SETTLE);
		int fdAfter = openDescriptors();
		int threadsAfter = liveThreads();
		System.gc();
		long heapAfter = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("mode", this.mode.label);
		summary.put("stand_in_failure_rate", failureRate);
		summary.put("requests", this.requests.get());
		summary.put("failed_requests", this.failedRequests.get());
		summary.put("churned_requests", this.churned.get());
		summary.put("offers", this.totals.offers());
		summary.put("applied", this.totals.applied);
		summary.put("failed", this.totals.failed);
		summary.put("skipped", this.totals.skipped);
		summary.put("native_calls", nativeCalls);
		summary.put("native_failures", nativeFailures);
		summary.put("fd_before", fdBefore);
		summary.put("fd_after", fdAfter);
		summary.put("fd_allowance", FD_ALLOWANCE);
		summary.put("threads_before", threadsBefore);
		summary.put("threads_after", threadsAfter);
		summary.put("thread_allowance", THREAD_ALLOWANCE);
		summary.put("heap_after_mb", heapAfter / (1024 * 1024));
		summary.put("context_restarts", this.contextRestarts);
		summary.put("unix_connections", this.totals.unixConnections);
		summary.put("unix_outages", this.unixOutages);
		summary.put("unix_fallbacks", this.totals.unixFallbacks);
		summary.put("unix_recovered", this.unixRecovered);
		summary.put("unix_failures", this.totals.unixFailures);
		summary.put("unix_undrained_connections", sidecar.undrained());
		summary.put("seconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));

		List<String> problems = new ArrayList<>();
		if (this.failedRequests.get() > 0) {
			problems.add(this.failedRequests.get() + " requests failed, for example " + this.failureSamples);
		}
		if (this.requests.get() < this.mode.minimumRequests) {
			problems.add("only " + this.requests.get() + " requests in the time limit of " + this.mode.limit
					+ ", expected at least " + this.mode.minimumRequests);
		}
		if (this.totals.applied + this.totals.failed != nativeCalls) {
			problems.add("the starter recorded " + (this.totals.applied + this.totals.failed)
					+ " native outcomes (applied + failed) but the stand-in saw " + nativeCalls + " calls");
		}
		if (this.totals.failed != nativeFailures) {
			problems.add("the starter recorded " + this.totals.failed + " failures but the stand-in failed "
					+ nativeFailures + " calls");
		}
		if (this.unixOutages < this.mode.phases / 2 || this.unixRecovered != this.unixOutages
				|| this.totals.unixFallbacks == 0 || this.totals.unixFailures != 0) {
			problems.add("the Unix-socket sidecar was stopped " + this.unixOutages + " times, clients recovered "
					+ this.unixRecovered + " times, with " + this.totals.unixFallbacks + " fallbacks and "
					+ this.totals.unixFailures + " failures");
		}
		if (this.contextRestarts < this.mode.minimumRestarts) {
			problems.add("only " + this.contextRestarts + " application contexts started and closed");
		}
		if (!settled) {
			problems.add("descriptors " + fdBefore + " -> " + fdAfter + " (allowance " + FD_ALLOWANCE + "), threads "
					+ threadsBefore + " -> " + threadsAfter + " (allowance " + THREAD_ALLOWANCE
					+ ") did not come back within " + SETTLE.toSeconds() + " s; descriptors " + descriptorKinds()
					+ ", threads " + threadNames());
		}
		summary.put("passed", problems.isEmpty());
		write(summary, summaryFile);
		summary.forEach((metric, value) -> System.out.println("  " + metric + " = " + value));
		if (!problems.isEmpty()) {
			problems.forEach((problem) -> System.err.println("SOAK FAILED: " + problem));
			return 1;
		}
		System.out.println("Soak passed; summary in " + summaryFile.toAbsolutePath());
		return 0;
	}

	/**
	 * Starts the client applications, sends requests from each of their clients to each
	 * server, and closes them again; meanwhile, when asked, stops the Unix-socket sidecar
	 * and starts it again.
	 * @return how many application contexts were started and closed
	 */
	private int phase(Servers servers, UnixSidecar sidecar, int count, long deadline, Totals into, boolean outage)
			throws Exception {
		int restarts = 0;
		long requestsBefore = this.requests.get();
		List<Clients> clients = List.of(Clients.start(ClientFactory.REACTOR, servers, sidecar),
				Clients.start(ClientFactory.HTTP_COMPONENTS, servers, sidecar));
		try {
			List<Target> targets = new ArrayList<>();
			clients.forEach((client) -> targets.addAll(client.targets()));
			ExecutorService pool = Executors.newFixedThreadPool(THREADS);
			try {
				List<Future<?>> workers = new ArrayList<>();
				// Requests go on until an outage is over, so that the recovery has
				// traffic to show in, however fast the phase's own requests are done.
				AtomicBoolean outageOver = new AtomicBoolean(!outage);
				for (int t = 0; t < THREADS; t++) {
					int first = t;
					workers.add(pool.submit(() -> requests(targets, first, count, outageOver, deadline)));
				}
				if (outage) {
					try {
						restarts += outage(sidecar, clients, () -> this.requests.get() - requestsBefore >= count / 5);
					}
					finally {
						outageOver.set(true);
					}
				}
				for (Future<?> worker : workers) {
					worker.get();
				}
			}
			finally {
				pool.shutdown();
				if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
					throw new IllegalStateException("Request threads did not stop");
				}
			}
		}
		finally {
			for (Clients client : clients) {
				client.close(into);
			}
		}
		return restarts + clients.size();
	}

	/**
	 * Stops the sidecar while requests flow, waits for the clients to fall back to TCP,
	 * starts it again and waits for them to open Unix-socket connections again.
	 * @return how many application contexts were started and closed (the sidecar's)
	 */
	private int outage(UnixSidecar sidecar, List<Clients> clients, BooleanSupplier started) throws Exception {
		if (!waitFor(started, Duration.ofSeconds(60))) {
			return 0;
		}
		long fallbacks = sum(clients, 1);
		sidecar.stop(this.totals);
		this.unixOutages++;
		boolean fellBack = waitFor(() -> sum(clients, 1) > fallbacks, Duration.ofSeconds(30));
		sidecar.start();
		long connections = sum(clients, 0);
		if (fellBack && waitFor(() -> sum(clients, 0) > connections, Duration.ofSeconds(30))) {
			this.unixRecovered++;
		}
		return 1;
	}

	private static long sum(List<Clients> clients, int index) {
		return clients.stream().mapToLong((client) -> client.route()[index]).sum();
	}

	private void requests(List<Target> targets, int first, int count, AtomicBoolean outageOver, long deadline) {
		for (int i = first; (i < count || !outageOver.get()) && System.nanoTime() < deadline; i += THREADS) {
			// Runs of a few requests per target, so kept-alive connections get reused
			// before the
			// next target, and every CHURN_EVERY-th request on a new connection.
			Target target = targets.get((i / (THREADS * 3)) % targets.size());
			boolean close = i % CHURN_EVERY == 0;
			try {
				String body = target.call(close);
				if (!"pong".equals(body)) {
					throw new IllegalStateException("unexpected body " + body);
				}
			}
			catch (Exception ex) {
				this.failedRequests.incrementAndGet();
				synchronized (this.failureSamples) {
					if (this.failureSamples.size() < 5) {
						this.failureSamples.add(target.name() + (close ? " (close)" : "") + ": " + ex);
					}
				}
			}
			this.requests.incrementAndGet();
			if (close) {
				this.churned.incrementAndGet();
			}
		}
	}

	private static boolean waitFor(BooleanSupplier condition, Duration limit) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (true) {
			if (condition.getAsBoolean()) {
				return true;
			}
			System.gc();
			if (condition.getAsBoolean()) {
				return true;
			}
			if (System.nanoTime() >= deadline) {
				return false;
			}
			// Polls an observable condition (descriptors, threads) that has no event to
			// wait on.
			Thread.sleep(50);
		}
	}

	static int openDescriptors() {
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			return (int) descriptors.count();
		}
		catch (IOException ex) {
			throw new IllegalStateException("The soak counts descriptors in /proc/self/fd (Linux)", ex);
		}
	}

	/**
	 * Open descriptors by kind ({@code socket}, {@code pipe}, {@code anon_inode}, files
	 * by path).
	 */
	private static Map<String, Long> descriptorKinds() {
		Map<String, Long> kinds = new java.util.TreeMap<>();
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			descriptors.forEach((descriptor) -> {
				try {
					String target = Files.readSymbolicLink(descriptor).toString();
					// socket:[inode] and pipe:[inode] by kind; anon_inode:[eventpoll] (a
					// selector), anon_inode:[eventfd] and files by name.
					String kind = (target.startsWith("socket:") || target.startsWith("pipe:"))
							? target.substring(0, target.indexOf(':')) : target;
					kinds.merge(kind, 1L, Long::sum);
				}
				catch (IOException ex) {
					// Closed while listed (the listing's own descriptor).
				}
			});
		}
		catch (IOException ex) {
			kinds.put("unreadable", 0L);
		}
		return kinds;
	}

	static int liveThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	/**
	 * Whether the threads of the servers, the applications' own event loops and the
	 * soak's request threads have stopped: after a close they wind down in the background
	 * (Reactor Netty's quiet period, for example). Reactor Netty's JVM-wide resources
	 * ({@code reactor-http-nio-*}) are created once, in the warmup, and stay.
	 */
	private static boolean requestThreadsGone() {
		return threadNames().stream()
			.noneMatch((name) -> name.startsWith("webflux-") || name.startsWith("http-nio")
					|| name.startsWith("Catalina") || name.startsWith("container-") || name.startsWith("pool-"));
	}

	private static List<String> threadNames() {
		return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
	}

	private static void write(Map<String, Object> summary, Path file) throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("metric,value");
		summary.forEach((metric, value) -> lines.add(metric + "," + value));
		Files.write(file, lines);
	}

	/** How long the soak runs. */
	enum Mode {

		/** The bounded run for CI: under five minutes on two cores. */
		BOUNDED("soak", 10, 10_500, 4, 100_000, 20, Duration.ofMinutes(4)),

		/** The longer run whose figures are in docs/reliability.md. */
		FULL("soak-full", 20, 20_000, 4, 400_000, 50, Duration.ofMinutes(20));

		final String label;

		final int phases;

		final int requestsPerPhase;

		final int serverRestartEvery;

		final long minimumRequests;

		final int minimumRestarts;

		final Duration limit;

		Mode(String label, int phases, int requestsPerPhase, int serverRestartEvery, long minimumRequests,
				int minimumRestarts, Duration limit) {
			this.label = label;
			this.phases = phases;
			this.requestsPerPhase = requestsPerPhase;
			this.serverRestartEvery = serverRestartEvery;
			this.minimumRequests = minimumRequests;
			this.minimumRestarts = minimumRestarts;
			this.limit = limit;
		}

		@Override
		public String toString() {
			return this.label;
		}

	}

	/** What the starter recorded in the applications closed so far. */
	static final class Totals {

		long applied;

		long failed;

		long skipped;

		long unixConnections;

		long unixFallbacks;

		long unixFailures;

		void addRoute(long[] route) {
			this.unixConnections += route[0];
			this.unixFallbacks += route[1];
			this.unixFailures += route[2];
		}

		void add(FastPathOutcomes outcomes) {
			for (ComponentStats stats : outcomes.components().values()) {
				this.applied += stats.applied();
				this.failed += stats.failed();
				this.skipped += stats.skipped();
			}
		}

		long offers() {
			return this.applied + this.failed + this.skipped;
		}

	}

}
