package io.github.loopbackfastpath.platform.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import io.github.loopbackfastpath.platform.FastPathPlatform;
import io.github.loopbackfastpath.platform.NativeFailure;
import io.github.loopbackfastpath.platform.PlatformInfo;
import org.jspecify.annotations.Nullable;

/**
 * The Windows loopback fast path: {@code WSAIoctl(s, SIO_LOOPBACK_FASTPATH, &1, 4, NULL, 0, ...)}
 * through JNA.
 */
public final class WinsockFastPath implements FastPathPlatform {

	/** The 4-byte input {@code int 1}; shared because {@code WSAIoctl} only reads it. */
	private static final Memory ENABLE = new Memory(Integer.BYTES);

	static {
		ENABLE.setInt(0, 1);
	}

	private final Ws2_32 winsock;

	private final ThreadLocal<IntByReference> bytesReturned = ThreadLocal.withInitial(IntByReference::new);

	private final PlatformInfo info;

	private WinsockFastPath(Ws2_32 winsock, PlatformInfo info) {
		this.winsock = winsock;
		this.info = info;
	}

	/**
	 * Binds the Winsock functions from a library.
	 * @param os the operating system, for the status report
	 * @param library {@code ws2_32}, or the library named by the native test seam
	 * @param windowsBuild the Windows build, or {@code null} when not known
	 * @return the platform
	 * @throws LinkageError when the library or one of its functions cannot be loaded
	 */
	public static WinsockFastPath load(String os, String library, @Nullable Long windowsBuild) {
		Ws2_32 winsock = Native.load(library, Ws2_32.class, WinApi.OPTIONS);
		String reason = "ws2_32".equals(library) ? "SIO_LOOPBACK_FASTPATH is available (deprecated by Microsoft)"
				: "SIO_LOOPBACK_FASTPATH calls are bound to the substitute library named by -D"
						+ "loopback.fastpath.native-library";
		return new WinsockFastPath(winsock,
				new PlatformInfo(os, "SIO_LOOPBACK_FASTPATH", true, reason, windowsBuild, library));
	}

	@Override
	public PlatformInfo info() {
		return this.info;
	}

	@Override
	public @Nullable NativeFailure enableLoopbackFastPath(long socketHandle) {
		int result = this.winsock.WSAIoctl(new Ws2_32.SOCKET(socketHandle), Ws2_32.SIO_LOOPBACK_FASTPATH, ENABLE,
				Integer.BYTES, null, 0, this.bytesReturned.get(), null, null);
		if (result != Ws2_32.SOCKET_ERROR) {
			return null;
		}
		// JNA saves the thread's last error right after each call; keep WSAIoctl's copy before
		// the next call replaces it. The JVM may run native code of its own between the two
		// calls and reset the thread's last error, in which case WSAGetLastError reports 0.
		int savedError = Native.getLastError();
		int error = this.winsock.WSAGetLastError();
		if (error == 0) {
			error = savedError;
		}
		return new NativeFailure(error, WinsockError.describe(error));
	}

}
