package io.github.loopbackfastpath.platform;

import java.util.Locale;

import io.github.loopbackfastpath.platform.windows.WindowsVersion;
import io.github.loopbackfastpath.platform.windows.WinsockFastPath;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the {@link FastPathPlatform} for the running JVM.
 */
public final class FastPathPlatforms {

	/**
	 * System property naming a library (a file path or a library name) that replaces
	 * {@code ws2_32}. When set, the Winsock implementation is used on any operating
	 * system, with {@code WSAIoctl} and {@code WSAGetLastError} bound from that library.
	 * This is the seam that lets tests run the real native call on real sockets against a
	 * stand-in.
	 */
	public static final String NATIVE_LIBRARY_PROPERTY = "loopback.fastpath.native-library";

	private FastPathPlatforms() {
	}

	/**
	 * Detects the platform from the JVM's system properties. Native libraries are loaded
	 * only when the returned platform needs them.
	 * @return the platform
	 */
	public static FastPathPlatform detect() {
		String os = os();
		String library = nativeLibrary();
		if (library != null) {
			return winsock(os, library, null);
		}
		if (!isWindows(os)) {
			return new UnsupportedPlatform(os,
					"SIO_LOOPBACK_FASTPATH exists only on Windows 8 / Server 2012 and later; this operating system "
							+ "has no per-socket loopback fast path (AF_UNIX sockets are its fast local path)",
					null);
		}
		Long build = WindowsVersion.build();
		if (!WindowsVersion.hasLoopbackFastPath(System.getProperty("os.version", ""))) {
			return new UnsupportedPlatform(os,
					"SIO_LOOPBACK_FASTPATH needs Windows 8 / Server 2012 (version 6.2) or later", build);
		}
		return winsock(os, "ws2_32", build);
	}

	/**
	 * Describes the platform without loading any native library, for a status report
	 * while the fast path is disabled.
	 * @return what the platform would offer, with a reason that says the fast path is off
	 */
	public static PlatformInfo describeDisabled() {
		String os = os();
		boolean available = nativeLibrary() != null
				|| (isWindows(os) && WindowsVersion.hasLoopbackFastPath(System.getProperty("os.version", "")));
		String reason = "loopback.fastpath.enabled is false: the starter touches no socket and loads no native code"
				+ (available ? "; SIO_LOOPBACK_FASTPATH would be available here"
						: "; this platform has no SIO_LOOPBACK_FASTPATH");
		return new PlatformInfo(os, "none", available, reason, null, null);
	}

	/**
	 * The platform of a fast path that is off while the AF_UNIX transport runs on its own
	 * switch: nothing is loaded or called.
	 * @return a platform without the fast path, saying why
	 */
	public static FastPathPlatform off() {
		PlatformInfo disabled = describeDisabled();
		return new UnsupportedPlatform(disabled.os(),
				"loopback.fastpath.enabled is false: no SIO_LOOPBACK_FASTPATH "
						+ "call is made and no native code is loaded; the AF_UNIX transport runs on its own switch "
						+ "(loopback.fastpath.unix.enabled=true)",
				WindowsVersion.build());
	}

	private static String os() {
		return (System.getProperty("os.name", "unknown") + " " + System.getProperty("os.version", "")).strip();
	}

	private static boolean isWindows(String os) {
		return os.toLowerCase(Locale.ROOT).startsWith("windows");
	}

	private static @Nullable String nativeLibrary() {
		String library = System.getProperty(NATIVE_LIBRARY_PROPERTY);
		return (library != null && !library.isBlank()) ? library.strip() : null;
	}

	private static FastPathPlatform winsock(String os, String library, @Nullable Long windowsBuild) {
		try {
			return WinsockFastPath.load(os, library, windowsBuild);
		}
		catch (LinkageError ex) {
			return new UnsupportedPlatform(os,
					"could not bind WSAIoctl and WSAGetLastError from '" + library + "': " + ex.getMessage(),
					windowsBuild);
		}
	}

}
