package io.github.loopbackfastpath.platform;

import org.jspecify.annotations.Nullable;

/**
 * What the status report says about the platform.
 *
 * @param os the operating system name and version, as the JVM reports it
 * @param mechanism the mechanism used, for example {@code SIO_LOOPBACK_FASTPATH}, or
 * {@code none}
 * @param supported whether the fast path can be requested on this platform
 * @param reason why it is supported or not, in words a person can act on
 * @param windowsBuild the Windows build number, or {@code null} when not on Windows
 * @param nativeLibrary the native library the calls bind to, or {@code null} when none
 */
public record PlatformInfo(String os, String mechanism, boolean supported, String reason, @Nullable Long windowsBuild,
		@Nullable String nativeLibrary) {
}
