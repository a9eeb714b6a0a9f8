package io.github.loopbackfastpath.platform;

/**
 * Why a native fast-path call failed, with the platform's own name for the error.
 *
 * @param name the platform's symbolic name with the code, for example
 * {@code WSAEOPNOTSUPP (10045)}; this is what logs and the status report show
 */
public record NativeFailure(String name) {
}
