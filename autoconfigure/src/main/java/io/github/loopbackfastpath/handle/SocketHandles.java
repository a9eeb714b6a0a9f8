package io.github.loopbackfastpath.handle;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.Channel;

import org.jspecify.annotations.Nullable;

/**
 * Reads the native handle of a JDK NIO socket channel: the file descriptor on Unix, the
 * {@code SOCKET} on Windows.
 * <p>
 * The JDK exposes it only through {@code sun.nio.ch.SelChImpl#getFDVal()}, which is
 * public but in a package that {@code java.base} does not export. Reading it needs
 * exactly {@value #ADD_EXPORTS} on the command line: no {@code --add-opens}, no
 * {@code sun.misc.Unsafe}. Without the flag every request gets the same reason and
 * nothing is thrown. The method is looked up once; each call is a direct method-handle
 * invocation.
 */
public final class SocketHandles {

	/** The JVM option that makes socket handles readable. */
	public static final String ADD_EXPORTS = "--add-exports java.base/sun.nio.ch=ALL-UNNAMED";

	private static final String SEL_CH_IMPL = "sun.nio.ch.SelChImpl";

	private final @Nullable MethodHandle getFdVal;

	private final @Nullable String unavailableReason;

	private SocketHandles(@Nullable MethodHandle getFdVal, @Nullable String unavailableReason) {
		this.getFdVal = getFdVal;
		this.unavailableReason = unavailableReason;
	}

	/**
	 * Looks up the JDK's handle accessor for the running JVM.
	 * @return the accessor; {@link #isAvailable()} says whether it works here
	 */
	public static SocketHandles detect() {
		Module javaBase = Object.class.getModule();
		if (!javaBase.isExported("sun.nio.ch", SocketHandles.class.getModule())) {
			return unavailable("socket handles are not accessible: start the JVM with " + ADD_EXPORTS);
		}
		try {
			Class<?> selChImpl = Class.forName(SEL_CH_IMPL, false, null);
			MethodHandle getter = MethodHandles.lookup()
				.findVirtual(selChImpl, "getFDVal", MethodType.methodType(int.class));
			return new SocketHandles(getter.asType(MethodType.methodType(int.class, Object.class)), null);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return unavailable(
					"socket handles are not accessible on this JDK (" + SEL_CH_IMPL + ".getFDVal(): " + ex + ")");
		}
	}

	/**
	 * An accessor that reads no handle, for a fast path that is off.
	 * @return the accessor, never available
	 */
	public static SocketHandles none() {
		return unavailable("loopback.fastpath.enabled is false: no socket handle is read");
	}

	private static SocketHandles unavailable(String reason) {
		return new SocketHandles(null, reason);
	}

	/**
	 * Whether handles can be read in this JVM.
	 * @return {@code true} when {@link #handleOf(Channel)} can succeed
	 */
	public boolean isAvailable() {
		return this.getFdVal != null;
	}

	/**
	 * Why handles cannot be read, naming the fix.
	 * @return the reason, or {@code null} when {@link #isAvailable()}
	 */
	public @Nullable String unavailableReason() {
		return this.unavailableReason;
	}

	/**
	 * Reads a channel's native handle.
	 * @param channel a socket channel or server socket channel from the JDK's default
	 * provider
	 * @return the handle, or {@code -1} when it cannot be read (handles unavailable, a
	 * channel of another provider, or a closed channel)
	 */
	public long handleOf(Channel channel) {
		MethodHandle getter = this.getFdVal;
		if (getter == null || !channel.isOpen()) {
			return -1;
		}
		try {
			return (int) getter.invokeExact((Object) channel);
		}
		catch (Throwable ex) {
			// A channel of another SelectorProvider is not a SelChImpl: it has no handle
			// to read.
			return -1;
		}
	}

}
