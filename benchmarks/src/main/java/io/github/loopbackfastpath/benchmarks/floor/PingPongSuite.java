package io.github.loopbackfastpath.benchmarks.floor;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import io.github.loopbackfastpath.benchmarks.Load;
import io.github.loopbackfastpath.benchmarks.Settings;
import io.github.loopbackfastpath.benchmarks.report.BarChart;
import io.github.loopbackfastpath.benchmarks.report.Table;
import org.HdrHistogram.Histogram;

/**
 * The floor under every HTTP figure: raw NIO ping-pong of a 64-byte message over TCP
 * loopback (IPv4 and IPv6) and over an AF_UNIX stream socket, with no framework and no
 * starter. Two measurements per transport, interleaved round by round: round-trip latency
 * on one connection, and the rate of connect + one round trip + close.
 */
public final class PingPongSuite {

	private static final int MESSAGE = 64;

	enum Transport {

		TCP_IPV4("tcp-ipv4"), TCP_IPV6("tcp-ipv6"), UNIX("af_unix");

		final String label;

		Transport(String label) {
			this.label = label;
		}

	}

	private final Settings settings;

	/**
	 * Creates the suite.
	 * @param settings how long to measure
	 */
	public PingPongSuite(Settings settings) {
		this.settings = settings;
	}

	/**
	 * Runs the measurements and writes {@code floor-runs.csv}, {@code floor-summary.csv}
	 * and the plots.
	 * @param out the results directory
	 * @return the summary
	 * @throws Exception when a socket fails
	 */
	public Table run(Path out) throws Exception {
		Path directory = Files.createTempDirectory("loopback-floor");
		Map<Transport, EchoServer> servers = new EnumMap<>(Transport.class);
		Table runs = new Table("round", "transport", "metric", "count", "seconds", "p50_us", "p99_us", "rate_per_s");
		Map<Transport, Histogram> latencies = new EnumMap<>(Transport.class);
		Map<Transport, long[]> connects = new EnumMap<>(Transport.class);
		try {
			servers.put(Transport.TCP_IPV4,
					new EchoServer(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)));
			servers.put(Transport.TCP_IPV6, new EchoServer(new InetSocketAddress(InetAddress.getByName("::1"), 0)));
			servers.put(Transport.UNIX, new EchoServer(UnixDomainSocketAddress.of(directory.resolve("echo.sock"))));
			for (Transport transport : Transport.values()) {
				SocketAddress address = servers.get(transport).address();
				try (SocketChannel channel = connect(address)) {
					ByteBuffer buffer = ByteBuffer.allocateDirect(MESSAGE);
					Load.sequential(() -> pingPong(channel, buffer), this.settings.warmupMillis(),
							this.settings.maxCount());
				}
				Load.sequential(() -> connectPingClose(address), this.settings.warmupMillis() / 2,
						this.settings.maxCount());
			}
			Transport[] transports = Transport.values();
			for (int round = 1; round <= this.settings.rounds(); round++) {
				for (int i = 0; i < transports.length; i++) {
					Transport transport = transports[(i + round) % transports.length];
					SocketAddress address = servers.get(transport).address();
					Load.Run run;
					try (SocketChannel channel = connect(address)) {
						ByteBuffer buffer = ByteBuffer.allocateDirect(MESSAGE);
						run = Load.sequential(() -> pingPong(channel, buffer), this.settings.runMillis(),
								this.settings.maxCount());
					}
					latencies.computeIfAbsent(transport, (key) -> Load.histogram()).add(run.latencies());
					runs.add(round, transport.label, "round-trip", run.count(), run.nanos() / 1e9, run.micros(50),
							run.micros(99), run.rate());
				}
				for (int i = 0; i < transports.length; i++) {
					Transport transport = transports[(i + round) % transports.length];
					SocketAddress address = servers.get(transport).address();
					Load.Run run = Load.sequential(() -> connectPingClose(address), this.settings.runMillis(),
							this.settings.maxCount());
					long[] total = connects.computeIfAbsent(transport, (key) -> new long[2]);
					total[0] += run.count();
					total[1] += run.nanos();
					runs.add(round, transport.label, "connect", run.count(), run.nanos() / 1e9, run.micros(50),
							run.micros(99), run.rate());
				}
			}
		}
		finally {
			for (EchoServer server : servers.values()) {
				server.close();
			}
			Files.deleteIfExists(directory.resolve("echo.sock"));
			Files.deleteIfExists(directory);
		}
		runs.write(out.resolve("floor-runs.csv"));
		Table summary = new Table("transport", "p50_us", "p99_us", "round_trips_per_s", "connects_per_s",
				"p50_vs_tcp_ipv4", "connects_vs_tcp_ipv4");
		BarChart latency = new BarChart("Raw NIO ping-pong, 64 bytes: round-trip latency", "µs");
		BarChart rate = new BarChart("Raw NIO: connect + one round trip + close", "connections per second");
		Histogram ipv4 = latencies.get(Transport.TCP_IPV4);
		double ipv4Connects = connects.get(Transport.TCP_IPV4)[0] * 1e9 / connects.get(Transport.TCP_IPV4)[1];
		for (Transport transport : Transport.values()) {
			Histogram merged = latencies.get(transport);
			double p50 = merged.getValueAtPercentile(50);
			double p99 = merged.getValueAtPercentile(99);
			double connectRate = connects.get(transport)[0] * 1e9 / connects.get(transport)[1];
			summary.add(transport.label, p50 / 1e3, p99 / 1e3, 1e9 / merged.getMean(), connectRate,
					p50 / ipv4.getValueAtPercentile(50), connectRate / ipv4Connects);
			latency.bar(transport.label, "p50", p50 / 1e3);
			latency.bar(transport.label, "p99", p99 / 1e3);
			rate.bar(transport.label, "connect + ping + close", connectRate);
		}
		summary.write(out.resolve("floor-summary.csv"));
		latency.write(out.resolve("floor-latency.png"));
		rate.write(out.resolve("floor-connect.png"));
		return summary;
	}

	private static SocketChannel connect(SocketAddress address) throws IOException {
		SocketChannel channel = (address instanceof UnixDomainSocketAddress)
				? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
		if (!(address instanceof UnixDomainSocketAddress)) {
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
		}
		channel.connect(address);
		return channel;
	}

	private static void connectPingClose(SocketAddress address) throws IOException {
		try (SocketChannel channel = connect(address)) {
			pingPong(channel, ByteBuffer.allocate(MESSAGE));
		}
	}

	private static void pingPong(SocketChannel channel, ByteBuffer buffer) throws IOException {
		buffer.clear();
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
		buffer.clear();
		while (buffer.hasRemaining()) {
			if (channel.read(buffer) < 0) {
				throw new EOFException("The echo server closed the connection");
			}
		}
	}

	/**
	 * Echoes fixed-size messages, one connection at a time: the clients are sequential,
	 * so a second thread would only add scheduling noise.
	 */
	private static final class EchoServer implements AutoCloseable {

		private final ServerSocketChannel server;

		private final Thread thread;

		EchoServer(SocketAddress bind) throws IOException {
			this.server = (bind instanceof UnixDomainSocketAddress)
					? ServerSocketChannel.open(StandardProtocolFamily.UNIX) : ServerSocketChannel.open();
			this.server.bind(bind, 128);
			this.thread = new Thread(this::serve, "echo-" + bind);
			this.thread.setDaemon(true);
			this.thread.start();
		}

		SocketAddress address() throws IOException {
			return this.server.getLocalAddress();
		}

		private void serve() {
			ByteBuffer buffer = ByteBuffer.allocateDirect(MESSAGE);
			while (this.server.isOpen()) {
				try (SocketChannel channel = this.server.accept()) {
					if (!(channel.getLocalAddress() instanceof UnixDomainSocketAddress)) {
						channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
					}
					while (true) {
						buffer.clear();
						while (buffer.hasRemaining()) {
							if (channel.read(buffer) < 0) {
								throw new EOFException();
							}
						}
						buffer.flip();
						while (buffer.hasRemaining()) {
							channel.write(buffer);
						}
					}
				}
				catch (IOException ex) {
					// The client closed its connection (EOF), or the server was closed.
				}
			}
		}

		@Override
		public void close() throws Exception {
			this.server.close();
			this.thread.join(5000);
		}

	}

}
