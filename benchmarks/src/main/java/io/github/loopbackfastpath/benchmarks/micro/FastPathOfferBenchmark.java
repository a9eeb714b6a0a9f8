package io.github.loopbackfastpath.benchmarks.micro;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.loopbackfastpath.FailureMode;
import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.handle.SocketHandles;
import io.github.loopbackfastpath.outcome.FastPathOutcome;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.platform.FastPathPlatform;
import io.github.loopbackfastpath.platform.FastPathPlatforms;
import io.github.loopbackfastpath.platform.windows.WinsockFastPath;
import io.github.loopbackfastpath.policy.LoopbackPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one client connection pays for the fast path: the policy decision, the handle
 * read, the native call and the recorded outcome, all through
 * {@link LoopbackFastPath#beforeConnect}, the call every integration makes once per new
 * socket. The socket is open and never connected, the state in which integrations make
 * the call.
 * <p>
 * {@code none} is the baseline without the starter; {@code unsupported-platform} is what
 * Linux and macOS pay; {@code stand-in} makes the real JNA call into the C stand-in of
 * {@code WSAIoctl}, which itself runs five system calls to check the socket, so it is an
 * upper bound for the JNA path rather than a figure for Windows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FastPathOfferBenchmark {

	/** System property with the path of the compiled stand-in library. */
	public static final String STAND_IN_PROPERTY = "benchmarks.standin";

	@Param({ "none", "unsupported-platform", "stand-in" })
	String platform;

	private final InetSocketAddress remote = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);

	private LoopbackFastPath fastPath;

	private SocketChannel unconnected;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.fastPath = switch (this.platform) {
			case "none" -> null;
			case "unsupported-platform" -> fastPath(FastPathPlatforms.detect());
			case "stand-in" -> fastPath(WinsockFastPath.load("stand-in", standIn(), null));
			default -> throw new IllegalArgumentException(this.platform);
		};
		if (this.fastPath != null && this.fastPath.platform().supported() != "stand-in".equals(this.platform)) {
			throw new IllegalStateException("Expected the " + this.platform + " path, got " + this.fastPath.platform());
		}
		if (this.fastPath != null && !this.fastPath.handles().isAvailable()) {
			throw new IllegalStateException(this.fastPath.handles().unavailableReason());
		}
		this.unconnected = SocketChannel.open();
	}

	private static LoopbackFastPath fastPath(FastPathPlatform platform) {
		return new LoopbackFastPath(platform, SocketHandles.detect(), new LoopbackPolicy(true, true, List.of()),
				new FastPathOutcomes(), FailureMode.FALLBACK);
	}

	private static String standIn() {
		String library = System.getProperty(STAND_IN_PROPERTY);
		if (library == null) {
			throw new IllegalStateException("-D" + STAND_IN_PROPERTY + " must name the compiled stand-in library");
		}
		return library;
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.unconnected.close();
	}

	/**
	 * The fast-path offer alone, on an open, unconnected socket.
	 * @return the outcome, so that the call is not optimised away
	 */
	@Benchmark
	public FastPathOutcome offer() {
		return (this.fastPath != null) ? this.fastPath.beforeConnect(this.unconnected, this.remote, "benchmark") : null;
	}

	/**
	 * The offer in its setting: open a socket, offer it the fast path, close it. Compared
	 * with {@code none}, this is the cost relative to the socket it rides on.
	 * @return the outcome, so that the call is not optimised away
	 * @throws IOException when the socket cannot be opened
	 */
	@Benchmark
	public FastPathOutcome openOfferClose() throws IOException {
		try (SocketChannel channel = SocketChannel.open()) {
			return (this.fastPath != null) ? this.fastPath.beforeConnect(channel, this.remote, "benchmark") : null;
		}
	}

}
