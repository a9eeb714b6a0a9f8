package io.github.loopbackfastpath;

import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.loopbackfastpath.handle.SocketHandles;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.outcome.FastPathOutcome;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.platform.FastPathPlatform;
import io.github.loopbackfastpath.platform.FastPathPlatforms;
import io.github.loopbackfastpath.platform.NativeFailure;
import io.github.loopbackfastpath.platform.PlatformInfo;
import io.github.loopbackfastpath.policy.LoopbackPolicy;
import io.github.loopbackfastpath.policy.SkipReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The one place where a socket is offered the loopback fast path. Every integration
 * (Tomcat, Netty, HTTP clients, user code) calls {@link #beforeConnect} or
 * {@link #beforeBind}; this class asks the {@link LoopbackPolicy}, reads the handle
 * through {@link SocketHandles}, makes the native call through the
 * {@link FastPathPlatform}, and records the outcome in {@link FastPathOutcomes}.
 * <p>
 * It never throws into the caller and never closes or changes the socket in any other
 * way: a failed request leaves an ordinary loopback connection. Problems are logged once
 * each at WARN, never per connection.
 */
public final class LoopbackFastPath {

	private static final Log logger = LogFactory.getLog(LoopbackFastPath.class);

	private final FastPathPlatform platform;

	private final SocketHandles handles;

	private final LoopbackPolicy policy;

	private final FastPathOutcomes outcomes;

	private final FailureMode failureMode;

	private final boolean jdkFastLoopback;

	private final boolean off;

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the entry point.
	 * @param platform the platform mechanism
	 * @param handles the socket-handle accessor
	 * @param policy which sockets qualify
	 * @param outcomes where outcomes are recorded
	 * @param failureMode what a failed listener means for startup
	 */
	public LoopbackFastPath(FastPathPlatform platform, SocketHandles handles, LoopbackPolicy policy,
			FastPathOutcomes outcomes, FailureMode failureMode) {
		this(platform, handles, policy, outcomes, failureMode, false);
	}

	private LoopbackFastPath(FastPathPlatform platform, SocketHandles handles, LoopbackPolicy policy,
			FastPathOutcomes outcomes, FailureMode failureMode, boolean off) {
		this.off = off;
		this.platform = platform;
		this.handles = handles;
		this.policy = policy;
		this.outcomes = outcomes;
		this.failureMode = failureMode;
		this.jdkFastLoopback = isJdkFastLoopbackSet();
	}

	/**
	 * Creates the fast path for use without Spring: the platform detected for this JVM,
	 * every loopback socket qualifying, failures falling back. Keep one instance per
	 * application; its {@link #outcomes()} are the record of everything it did.
	 * @return the fast path
	 */
	public static LoopbackFastPath create() {
		return create(new LoopbackPolicy(true, true, List.of()));
	}

	/**
	 * Creates the fast path for use without Spring, with a policy of your own (for
	 * example limited to your sidecars' ports).
	 * @param policy which sockets qualify
	 * @return the fast path
	 */
	public static LoopbackFastPath create(LoopbackPolicy policy) {
		return new LoopbackFastPath(FastPathPlatforms.detect(), SocketHandles.detect(), policy, new FastPathOutcomes(),
				FailureMode.FALLBACK);
	}

	/**
	 * The fast path switched off while the rest of the starter runs (the AF_UNIX
	 * transport on its own switch, {@code loopback.fastpath.unix.enabled=true}): it loads
	 * no native code, makes no {@code SIO_LOOPBACK_FASTPATH} call, records nothing, and
	 * tells every integration that asks to leave its sockets alone.
	 * @param outcomes the outcome record of the status report, which stays empty
	 * @return the fast path that is off
	 */
	public static LoopbackFastPath off(FastPathOutcomes outcomes) {
		return new LoopbackFastPath(FastPathPlatforms.off(), SocketHandles.none(),
				new LoopbackPolicy(false, false, List.of()), outcomes, FailureMode.FALLBACK, true);
	}

	/**
	 * Whether the fast path is on: {@code false} for {@link #off}, whose every request is
	 * skipped unrecorded.
	 * @return whether sockets may be offered the fast path
	 */
	public boolean isOn() {
		return !this.off;
	}

	/**
	 * Whether the JDK's own process-wide switch is on in this JVM.
	 * @return whether the JDK sets the option on every NIO stream socket by itself
	 */
	public static boolean isJdkFastLoopbackSet() {
		return isJdkFastLoopbackSet(System.getProperty("jdk.net.useFastTcpLoopback"));
	}

	/**
	 * Whether the JDK's own process-wide switch is on. The JDK treats the property as set
	 * when it is present and empty or {@code true}; it then sets the option on every NIO
	 * stream socket itself.
	 * @param value the value of {@code jdk.net.useFastTcpLoopback}
	 * @return whether the JDK applies the fast path by itself
	 */
	static boolean isJdkFastLoopbackSet(@Nullable String value) {
		return value != null && (value.isEmpty() || Boolean.parseBoolean(value));
	}

	/**
	 * Offers a client socket the fast path. Call it after the channel is opened and
	 * before {@code connect}, with the resolved destination.
	 * @param channel the channel, not yet connected
	 * @param remote the destination
	 * @param component the component name shown in the status report
	 * @return the recorded outcome
	 */
	public FastPathOutcome beforeConnect(SocketChannel channel, @Nullable SocketAddress remote, String component) {
		return offer(channel, remote, component, true);
	}

	/**
	 * Offers a listening socket the fast path. Call it after the channel is opened and
	 * before {@code bind}; connections it accepts inherit the setting. Server
	 * integrations use {@link #bindListener}, which calls this and also reports the
	 * listener.
	 * @param channel the channel, not yet bound
	 * @param local the address it will bind to; {@code null} for the wildcard
	 * @param component the component name shown in the status report
	 * @return the recorded outcome
	 */
	public FastPathOutcome beforeBind(ServerSocketChannel channel, @Nullable SocketAddress local, String component) {
		return offer(channel, local, component, false);
	}

	/**
	 * Why a listening socket bound to an address would not be offered the fast path,
	 * decided before anything is opened, so that a server integration can leave its own
	 * code in charge where nothing would be applied.
	 * @param local the address it will bind to; {@code null} for the wildcard
	 * @return {@code null} when it would be offered the fast path, otherwise why not
	 */
	public @Nullable SkipReason listenerSkip(@Nullable SocketAddress local) {
		SkipReason skip = this.policy.beforeBind(local);
		if (skip != null) {
			return skip;
		}
		return this.platform.info().supported() ? null : SkipReason.PLATFORM_UNSUPPORTED;
	}

	/**
	 * Why client sockets would not be offered the fast path whatever their destination,
	 * so that a client integration can leave its library's own code in charge where
	 * nothing would be applied.
	 * @return {@code null} when loopback destinations would be offered the fast path,
	 * otherwise why not
	 */
	public @Nullable SkipReason clientSkip() {
		if (!this.policy.isClientEnabled()) {
			return SkipReason.CLIENT_DISABLED;
		}
		return this.platform.info().supported() ? null : SkipReason.PLATFORM_UNSUPPORTED;
	}

	/**
	 * Records a socket that could not be offered the fast path at all, because the
	 * integration has no JDK socket to hand over (a native transport, for example).
	 * @param component the component
	 * @param address the destination or bind address
	 * @param reason why; recorded as {@link SkipReason#PLATFORM_UNSUPPORTED} instead
	 * where the platform has no fast path
	 * @param client whether it is a client socket
	 * @return the recorded outcome
	 */
	public FastPathOutcome skip(String component, @Nullable SocketAddress address, SkipReason reason, boolean client) {
		if (this.off) {
			return FastPathOutcome.skipped(client ? SkipReason.CLIENT_DISABLED : SkipReason.SERVER_DISABLED);
		}
		// Where the platform has no fast path at all, that is the reason worth reporting:
		// the socket would not have got it through any hook.
		SkipReason effective = this.platform.info().supported() ? reason : SkipReason.PLATFORM_UNSUPPORTED;
		FastPathOutcome outcome = FastPathOutcome.skipped(effective);
		this.outcomes.record(component, address, outcome, client);
		return outcome;
	}

	/**
	 * Offers a listening socket the fast path, binds it, and adds it to the status
	 * report: the one way every server integration binds. With
	 * {@code loopback.fastpath.on-failure=fail} a failed request throws before the socket
	 * is bound.
	 * @param channel the channel, not yet bound
	 * @param local the address to bind to; {@code null} for the wildcard
	 * @param component the server component
	 * @param bind binds the channel the way the server does (backlog, options)
	 * @return the listener, to count accepted connections on
	 * @throws ListenerFastPathException when the request failed and failure mode is
	 * {@link FailureMode#FAIL}
	 * @throws Exception whatever {@code bind} throws
	 */
	public FastPathListener bindListener(ServerSocketChannel channel, @Nullable SocketAddress local, String component,
			ListenerBinding bind) throws Exception {
		FastPathOutcome outcome = beforeBind(channel, local, component);
		if (outcome.result() == FastPathOutcome.Result.FAILED && this.failureMode == FailureMode.FAIL) {
			this.outcomes.addListener(component, local, outcome, "refused: loopback.fastpath.on-failure=fail");
			throw new ListenerFastPathException(component, FastPathOutcomes.describe(local), outcome.reason());
		}
		bind.bind();
		return this.outcomes.addListener(component, channel.getLocalAddress(), outcome, null);
	}

	/**
	 * Adds a listening socket that the starter could not hook to the status report, so
	 * that it shows up as skipped instead of missing.
	 * @param component the server component
	 * @param bound the address it is bound to
	 * @param reason why it was not hooked
	 * @param note what the user can do about it, or {@code null}
	 * @return the listener
	 */
	public FastPathListener unhookedListener(String component, @Nullable SocketAddress bound, SkipReason reason,
			@Nullable String note) {
		FastPathOutcome outcome = skip(component, bound, reason, false);
		return this.outcomes.addUnhookedListener(component, bound, outcome, note);
	}

	/**
	 * Records that a component's sockets cannot be hooked, and says so once in the log.
	 * @param component the component
	 * @param reason why, and what to use instead
	 */
	public void notCovered(String component, String reason) {
		if (this.off) {
			// Nothing is covered by a fast path that is off: nothing to report.
			return;
		}
		this.outcomes.notCovered(component, reason);
		warnOnce("not-covered:" + component, () -> "Loopback fast path does not cover " + component + ": " + reason,
				null);
	}

	/**
	 * Binds a server's listening socket.
	 */
	@FunctionalInterface
	public interface ListenerBinding {

		/**
		 * Binds the socket.
		 * @throws Exception when binding fails
		 */
		void bind() throws Exception;

	}

	private FastPathOutcome offer(NetworkChannel channel, @Nullable SocketAddress address, String component,
			boolean client) {
		if (this.off) {
			return FastPathOutcome.skipped(client ? SkipReason.CLIENT_DISABLED : SkipReason.SERVER_DISABLED);
		}
		FastPathOutcome outcome;
		try {
			SkipReason skip = client ? this.policy.beforeConnect(address) : this.policy.beforeBind(address);
			outcome = (skip != null) ? FastPathOutcome.skipped(skip) : request(channel, component);
		}
		catch (RuntimeException | LinkageError ex) {
			outcome = FastPathOutcome.failed("unexpected-error");
			warnOnce("unexpected-error", () -> "The loopback fast path request failed unexpectedly for " + component
					+ "; connections go on without it", ex);
		}
		this.outcomes.record(component, address, outcome, client);
		return outcome;
	}

	private FastPathOutcome request(NetworkChannel channel, String component) {
		if (!this.platform.info().supported()) {
			return FastPathOutcome.skipped(SkipReason.PLATFORM_UNSUPPORTED);
		}
		long handle = this.handles.handleOf(channel);
		if (handle < 0) {
			String reason = (this.handles.unavailableReason() != null) ? this.handles.unavailableReason()
					: "the handle of " + channel.getClass().getName() + " could not be read";
			warnOnce(FastPathOutcome.HANDLE_INACCESSIBLE,
					() -> "Loopback fast path not applied: " + reason + ". Connections go on without it.", null);
			return FastPathOutcome.failed(FastPathOutcome.HANDLE_INACCESSIBLE);
		}
		NativeFailure failure = this.platform.enableLoopbackFastPath(handle);
		if (failure == null) {
			return FastPathOutcome.applied();
		}
		warnOnce(failure.name(), () -> "SIO_LOOPBACK_FASTPATH failed with " + failure.name() + " for " + component
				+ "; connections go on over the ordinary loopback path", null);
		return FastPathOutcome.failed(failure.name());
	}

	private void warnOnce(String problem, Supplier<String> message, @Nullable Throwable ex) {
		if (this.warned.add(problem) && logger.isWarnEnabled()) {
			logger.warn(message.get(), ex);
		}
	}

	/**
	 * The platform, for the status report.
	 * @return what the platform offers
	 */
	public PlatformInfo platform() {
		return this.platform.info();
	}

	/**
	 * The socket-handle accessor, for the status report.
	 * @return the accessor
	 */
	public SocketHandles handles() {
		return this.handles;
	}

	/**
	 * Where outcomes are recorded.
	 * @return the record
	 */
	public FastPathOutcomes outcomes() {
		return this.outcomes;
	}

	/**
	 * What a failed listener means for startup.
	 * @return the mode
	 */
	public FailureMode failureMode() {
		return this.failureMode;
	}

	/**
	 * Whether {@code -Djdk.net.useFastTcpLoopback} is on in this JVM.
	 * @return whether the JDK sets the option on every NIO stream socket by itself
	 */
	public boolean isJdkFastLoopback() {
		return this.jdkFastLoopback;
	}

}
