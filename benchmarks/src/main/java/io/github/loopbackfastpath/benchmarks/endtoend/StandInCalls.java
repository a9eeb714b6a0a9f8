package io.github.loopbackfastpath.benchmarks.endtoend;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Reads how many times the C stand-in's {@code WSAIoctl} has been called in this process:
 * the independent count of native calls, next to the starter's own outcome record.
 */
final class StandInCalls {

	private final Counter counter;

	StandInCalls(String library) {
		this.counter = Native.load(library, Counter.class);
	}

	long count() {
		return this.counter.standin_call_count();
	}

	interface Counter extends Library {

		int standin_call_count();

	}

}
