package io.github.loopbackfastpath.platform;

import org.jspecify.annotations.Nullable;

/**
 * The operating system's way of putting one TCP socket on the optimized loopback path.
 * One implementation per platform, chosen once by {@link FastPathPlatforms#detect()};
 * callers never test the operating system themselves.
 */
public interface FastPathPlatform {

	/**
	 * Describes this platform for the status report.
	 * @return what the platform is and whether the fast path is available on it
	 */
	PlatformInfo info();

	/**
	 * Asks the operating system to put the socket on the loopback fast path. Only called
	 * when {@link PlatformInfo#supported()} is true.
	 * @param socketHandle the native socket handle (a Winsock {@code SOCKET}; a file
	 * descriptor under the native test seam)
	 * @return {@code null} when the call succeeded, otherwise the reason it failed
	 */
	@Nullable NativeFailure enableLoopbackFastPath(long socketHandle);

}
