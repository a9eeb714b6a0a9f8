package io.github.loopbackfastpath.benchmarks.micro;

import java.util.concurrent.TimeUnit;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The floor of any JNA call on this machine: a call through a JNA library interface into
 * the stand-in's {@code standin_call_count}, which only takes a mutex. Set against
 * {@link FastPathOfferBenchmark}'s {@code stand-in} figure, it separates what JNA costs
 * from what the stand-in's own checks (six system calls per call) cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JnaCallBenchmark {

	private Counter counter;

	@Setup
	public void setUp() {
		this.counter = Native.load(System.getProperty(FastPathOfferBenchmark.STAND_IN_PROPERTY), Counter.class);
	}

	/**
	 * One JNA call.
	 * @return the stand-in's call count
	 */
	@Benchmark
	public int jnaCall() {
		return this.counter.standin_call_count();
	}

	/** The stand-in's inspection function. */
	public interface Counter extends Library {

		/**
		 * How many times {@code WSAIoctl} was called.
		 * @return the count
		 */
		int standin_call_count();

	}

}
