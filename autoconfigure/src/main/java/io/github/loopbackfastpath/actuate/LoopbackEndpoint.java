package io.github.loopbackfastpath.actuate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.handle.SocketHandles;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.outcome.FastPathOutcomes.RecentFailure;
import io.github.loopbackfastpath.platform.FallbackCounterSource;
import io.github.loopbackfastpath.platform.FastPathPlatforms;
import io.github.loopbackfastpath.platform.PlatformInfo;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@link Endpoint @Endpoint} that shows what the loopback fast path does in this
 * application: the platform, the counts per component, the server listeners and the
 * latest failures. Read-only.
 * <p>
 * Every documented key is always present in the JSON, {@code null} where it does not
 * apply (Spring Boot's endpoint JSON otherwise leaves out {@code null} values), so that a
 * reader can tell "not on Windows" from "not reported".
 */
@Endpoint(id = "loopback", defaultAccess = Access.READ_ONLY)
public class LoopbackEndpoint {

	/** Where Microsoft documents {@code SIO_LOOPBACK_FASTPATH}, and its deprecation. */
	public static final String SIO_LOOPBACK_FASTPATH_DOCUMENTATION = "https://learn.microsoft.com/windows/win32/winsock/sio-loopback-fastpath";

	static final String SIO_LOOPBACK_FASTPATH = "SIO_LOOPBACK_FASTPATH";

	static final String DEPRECATION = "Microsoft marks SIO_LOOPBACK_FASTPATH as deprecated and not recommended; "
			+ "set loopback.fastpath.enabled=false to turn it off (see " + SIO_LOOPBACK_FASTPATH_DOCUMENTATION + ")";

	private final @Nullable LoopbackFastPath fastPath;

	private final FallbackCounterSource fallbackCounters;

	private final @Nullable UnixSocketTransport unixSockets;

	/**
	 * Creates the endpoint.
	 * @param fastPath the fast path whose outcomes are shown, or {@code null} when
	 * {@code loopback.fastpath.enabled} is not true
	 * @param fallbackCounters the operating system's fallback counters
	 */
	public LoopbackEndpoint(@Nullable LoopbackFastPath fastPath, FallbackCounterSource fallbackCounters) {
		this(fastPath, fallbackCounters, null);
	}

	/**
	 * Creates the endpoint with the AF_UNIX sidecar transport.
	 * @param fastPath the fast path whose outcomes are shown, or {@code null} when
	 * {@code loopback.fastpath.enabled} is not true
	 * @param fallbackCounters the operating system's fallback counters
	 * @param unixSockets the AF_UNIX transport shown as {@code unix}, or {@code null}
	 */
	public LoopbackEndpoint(@Nullable LoopbackFastPath fastPath, FallbackCounterSource fallbackCounters,
			@Nullable UnixSocketTransport unixSockets) {
		this.fastPath = fastPath;
		this.fallbackCounters = fallbackCounters;
		this.unixSockets = unixSockets;
	}

	/**
	 * Reads the current state.
	 * @return the state
	 */
	@ReadOperation
	public LoopbackDescriptor loopback() {
		LoopbackFastPath fastPath = this.fastPath;
		if (fastPath == null) {
			return disabled();
		}
		FastPathOutcomes outcomes = fastPath.outcomes();
		UnixSocketTransport unixSockets = this.unixSockets;
		if (!fastPath.isOn()) {
			// The AF_UNIX transport on its own switch: the socket option touched nothing.
			return new LoopbackDescriptor(false, platform(fastPath), Map.of(), List.of(), List.of(),
					(unixSockets != null) ? UnixDescriptor.of(unixSockets) : null);
		}
		Map<String, ComponentDescriptor> components = new TreeMap<>();
		outcomes.components().forEach((name, stats) -> components.put(name, ComponentDescriptor.of(stats)));
		List<ListenerDescriptor> listeners = outcomes.listeners().stream().map(ListenerDescriptor::of).toList();
		List<FailureDescriptor> failures = outcomes.recentFailures().stream().map(FailureDescriptor::of).toList();
		return new LoopbackDescriptor(fastPath.isOn(), platform(fastPath), components, listeners, failures,
				(unixSockets != null) ? UnixDescriptor.of(unixSockets) : null);
	}

	private static LoopbackDescriptor disabled() {
		PlatformInfo info = FastPathPlatforms.describeDisabled();
		SocketHandles handles = SocketHandles.detect();
		PlatformDescriptor platform = new PlatformDescriptor(info.os(), info.supported(), info.reason(),
				info.mechanism(), null, null, LoopbackFastPath.isJdkFastLoopbackSet(),
				new SocketHandlesDescriptor(handles.isAvailable(), handles.unavailableReason()), null, null);
		return new LoopbackDescriptor(false, platform, Map.of(), List.of(), List.of(), null);
	}

	private PlatformDescriptor platform(LoopbackFastPath fastPath) {
		PlatformInfo info = fastPath.platform();
		SocketHandles handles = fastPath.handles();
		return new PlatformDescriptor(info.os(), info.supported(), info.reason(), info.mechanism(), info.windowsBuild(),
				info.nativeLibrary(), fastPath.isJdkFastLoopback(),
				new SocketHandlesDescriptor(handles.isAvailable(), handles.unavailableReason()),
				SIO_LOOPBACK_FASTPATH.equals(info.mechanism()) ? DEPRECATION : null, this.fallbackCounters.read());
	}

	/**
	 * The whole report.
	 *
	 * @param enabled whether {@code loopback.fastpath.enabled} is true; when it is not,
	 * the report has the platform only
	 * @param platform what the platform offers
	 * @param components counts per component, by component name
	 * @param listeners the open server listening sockets
	 * @param recentFailures the latest failed requests, oldest first
	 * @param unix the AF_UNIX sidecar transport: the server's Unix socket and the routes;
	 * {@code null} when the fast path is disabled
	 */
	@JsonInclude(Include.ALWAYS)
	public record LoopbackDescriptor(boolean enabled, PlatformDescriptor platform,
			Map<String, ComponentDescriptor> components, List<ListenerDescriptor> listeners,
			List<FailureDescriptor> recentFailures, @Nullable UnixDescriptor unix) implements OperationResponseBody {
	}

	/**
	 * The platform.
	 *
	 * @param os the operating system name and version
	 * @param supported whether the fast path can be requested here
	 * @param reason why it can or cannot
	 * @param mechanism {@code SIO_LOOPBACK_FASTPATH} or {@code none}
	 * @param windowsBuild the Windows build, {@code null} when not on Windows
	 * @param nativeLibrary the library the native calls bind to, {@code null} when none
	 * @param jdkFastTcpLoopback whether {@code -Djdk.net.useFastTcpLoopback} is on as
	 * well
	 * @param socketHandles whether socket handles can be read
	 * @param deprecation Microsoft's deprecation of the mechanism, {@code null} when the
	 * mechanism is not {@code SIO_LOOPBACK_FASTPATH}
	 * @param fallbackCounters the operating system's count of connections that fell off
	 * the loopback fast path, by counter name; {@code null} when not available (off
	 * Windows, for example)
	 */
	@JsonInclude(Include.ALWAYS)
	public record PlatformDescriptor(String os, boolean supported, String reason, String mechanism,
			@Nullable Long windowsBuild, @Nullable String nativeLibrary, boolean jdkFastTcpLoopback,
			SocketHandlesDescriptor socketHandles, @Nullable String deprecation,
			@Nullable Map<String, Long> fallbackCounters) {
	}

	/**
	 * Socket-handle access.
	 *
	 * @param accessible whether handles can be read
	 * @param reason why not, naming the JVM flag; {@code null} when accessible
	 */
	@JsonInclude(Include.ALWAYS)
	public record SocketHandlesDescriptor(boolean accessible, @Nullable String reason) {
	}

	/**
	 * Counts for one component.
	 *
	 * @param applied sockets that got the fast path
	 * @param failed sockets whose request failed
	 * @param skipped sockets that made no request
	 * @param failures failures by Winsock error or reason
	 * @param skips skips by reason
	 * @param destinations counts by destination port, empty for server components
	 * @param notCovered {@code null} when the starter hooks this component's sockets,
	 * otherwise why it cannot and what to use instead
	 */
	@JsonInclude(Include.ALWAYS)
	public record ComponentDescriptor(long applied, long failed, long skipped, Map<String, Long> failures,
			Map<String, Long> skips, Map<Integer, DestinationDescriptor> destinations, @Nullable String notCovered) {

		static ComponentDescriptor of(ComponentStats stats) {
			Map<Integer, DestinationDescriptor> destinations = new TreeMap<>();
			stats.destinations()
				.forEach((port, counts) -> destinations.put(port,
						new DestinationDescriptor(counts.applied(), counts.failed(), counts.skipped())));
			return new ComponentDescriptor(stats.applied(), stats.failed(), stats.skipped(), stats.failures(),
					stats.skips(), destinations, stats.notCovered());
		}

	}

	/**
	 * Counts for one destination port.
	 *
	 * @param applied connections that got the fast path
	 * @param failed connections whose request failed
	 * @param skipped connections that made no request
	 */
	public record DestinationDescriptor(long applied, long failed, long skipped) {
	}

	/**
	 * One server listening socket.
	 *
	 * @param component the server component
	 * @param address the bound address
	 * @param outcome {@code applied}, {@code failed} or {@code skipped}
	 * @param reason the failure or skip reason, {@code null} when applied
	 * @param note anything else a reader should know, or {@code null}
	 * @param acceptedConnections connections accepted so far, or {@code null} for a
	 * listener the starter did not hook and whose connections it therefore does not see
	 */
	@JsonInclude(Include.ALWAYS)
	public record ListenerDescriptor(String component, String address, String outcome, @Nullable String reason,
			@Nullable String note, @Nullable Long acceptedConnections) {

		static ListenerDescriptor of(FastPathListener listener) {
			return new ListenerDescriptor(listener.component(), listener.address(), listener.outcome().result().key(),
					listener.outcome().reason(), listener.note(),
					listener.countsAcceptedConnections() ? listener.acceptedConnections() : null);
		}

	}

	/**
	 * One failed request.
	 *
	 * @param time when it happened, ISO-8601 in UTC
	 * @param component the component
	 * @param address the destination or bind address
	 * @param reason the Winsock error or other reason
	 */
	@JsonInclude(Include.ALWAYS)
	public record FailureDescriptor(String time, String component, String address, @Nullable String reason) {

		static FailureDescriptor of(RecentFailure failure) {
			return new FailureDescriptor(failure.time().toString(), failure.component(), failure.address(),
					failure.reason());
		}

	}

}
