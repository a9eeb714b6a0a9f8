package io.github.loopbackfastpath;

/**
 * What a listening socket that could not get the fast path means for the application.
 */
public enum FailureMode {

	/** Log it once, report it, and serve on the ordinary loopback path. */
	FALLBACK,

	/** Refuse to start. Client connections always fall back, whatever this says. */
	FAIL

}
