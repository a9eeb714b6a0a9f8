package io.github.loopbackfastpath.platform;

import org.jspecify.annotations.Nullable;

/**
 * A platform without a per-socket loopback fast path: every request is skipped and no
 * native code is ever loaded.
 */
final class UnsupportedPlatform implements FastPathPlatform {

	private final PlatformInfo info;

	UnsupportedPlatform(String os, String reason, @Nullable Long windowsBuild) {
		this.info = new PlatformInfo(os, "none", false, reason, windowsBuild, null);
	}

	@Override
	public PlatformInfo info() {
		return this.info;
	}

	@Override
	public @Nullable NativeFailure enableLoopbackFastPath(long socketHandle) {
		throw new IllegalStateException("The loopback fast path is not supported here: " + this.info.reason());
	}

}
