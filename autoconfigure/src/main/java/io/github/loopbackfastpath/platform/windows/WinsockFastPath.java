package io.github.loopbackfastpath.platform.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.ptr.IntByReference;
import io.github.loopbackfastpath.platform.FastPathPlatform;
import io.github.loopbackfastpath.platform.NativeFailure;
import io.github.loopbackfastpath.platform.PlatformInfo;
import org.jspecify.annotations.Nullable;

/**
 * The Windows loopback fast path:
 * {@code WSAIoctl(s, SIO_LOOPBACK_FASTPATH, &1, 4, NULL, 0, ...)} through JNA.
 */
public final class WinsockFastPath implements FastPathPlatform {

	/** The 4-byte input {@code int 1}; shared because {@code WSAIoctl} only reads it. */
	private static final Memory ENABLE = new Memory(Integer.BYTES);

	static {
		ENABLE.setInt(0, 1);
	}

	private final Ws2_32 winsock;

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
	 * @throws LinkageError when the library or one of its functions cannot be loaded;
	 * both functions are looked up here, because JNA would otherwise only look them up on
	 * the first call and a library without them would report itself supported and then
	 * fail every socket
	 */
	public static WinsockFastPath load(String os, String library, @Nullable Long windowsBuild) {
		NativeLibrary nativeLibrary = NativeLibrary.getInstance(library, WinApi.OPTIONS);
		for (String function : Ws2_32.FUNCTIONS) {
			nativeLibrary.getFunction(function);
		}
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
		// A 4-byte buffer per call: cheaper than a thread-local that pins native memory
		// on every
		// pool thread that ever opened a socket, and it is freed with the reference.
		int result = this.winsock.WSAIoctl(new Ws2_32.SOCKET(socketHandle), Ws2_32.SIO_LOOPBACK_FASTPATH, ENABLE,
				Integer.BYTES, null, 0, new IntByReference(), null, null);
		if (result != Ws2_32.SOCKET_ERROR) {
			return null;
		}
		// Winsock keeps its error as the thread's last error, and JNA preserves that
		// value right after the call, before any other native code of the JVM can run on
		// the thread and reset it. A fresh WSAGetLastError() comes after such code could
		// have run, so it is only asked when the preserved value is missing.
		int error = Native.getLastError();
		if (error == 0) {
			error = this.winsock.WSAGetLastError();
		}
		return new NativeFailure(WinsockError.describe(error));
	}

}
