package io.github.loopbackfastpath.benchmarks.soak;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The C stand-in's own counts of {@code WSAIoctl} calls and of the calls it failed: the
 * independent record that the starter's outcomes are checked against.
 */
final class StandInCounts {

	private final Counters counters;

	StandInCounts(String library) {
		// The same path as the native test seam: the dynamic linker hands back the
		// library the
		// starter bound, so these are the counters of the calls the starter made.
		this.counters = Native.load(library, Counters.class);
	}

	long calls() {
		return this.counters.standin_call_count();
	}

	long failed() {
		return this.counters.standin_failed_count();
	}

	interface Counters extends Library {

		int standin_call_count();

		int standin_failed_count();

	}

}
