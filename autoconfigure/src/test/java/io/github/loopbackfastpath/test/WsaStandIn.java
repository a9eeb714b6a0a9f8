package io.github.loopbackfastpath.test;

import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import io.github.loopbackfastpath.platform.FastPathPlatforms;

/**
 * The C stand-in of {@code WSAIoctl} ({@code src/test/c/wsa_standin.c}), compiled by the
 * build and named by the {@code wsa.standin.library} system property. Tests point the
 * native test seam at it with {@link #install()} and read what it saw with
 * {@link #calls()}.
 */
public final class WsaStandIn {

	/** {@code WSAEOPNOTSUPP}. */
	public static final int WSAEOPNOTSUPP = 10045;

	/** {@code WSAEISCONN}. */
	public static final int WSAEISCONN = 10056;

	private static final Control CONTROL = Native.load(library(), Control.class);

	private WsaStandIn() {
	}

	/**
	 * The stand-in's path.
	 * @return the path of the compiled library
	 */
	public static String library() {
		String library = System.getProperty("wsa.standin.library");
		if (library == null) {
			throw new IllegalStateException("wsa.standin.library is not set: run the tests through Maven, which "
					+ "compiles src/test/c/wsa_standin.c and sets it");
		}
		return library;
	}

	/**
	 * The stand-in compiled without {@code WSAIoctl}, for proving that a library lacking
	 * one of the functions is reported at load.
	 * @return the path of the compiled library
	 */
	public static String libraryWithoutWsaIoctl() {
		String library = System.getProperty("wsa.standin.library.without-wsaioctl");
		if (library == null) {
			throw new IllegalStateException("wsa.standin.library.without-wsaioctl is not set: run the tests through "
					+ "Maven, which compiles src/test/c/wsa_standin.c and sets it");
		}
		return library;
	}

	/**
	 * Points the native test seam at the stand-in and clears its record.
	 */
	public static void install() {
		System.setProperty(FastPathPlatforms.NATIVE_LIBRARY_PROPERTY, library());
		reset();
	}

	/**
	 * Removes the native test seam.
	 */
	public static void uninstall() {
		System.clearProperty(FastPathPlatforms.NATIVE_LIBRARY_PROPERTY);
		reset();
	}

	/**
	 * Clears the record and any injected error.
	 */
	public static void reset() {
		CONTROL.standin_reset();
	}

	/**
	 * Makes every following call fail.
	 * @param winsockError the error, or 0 to succeed again
	 */
	public static void failWith(int winsockError) {
		CONTROL.standin_fail_with(winsockError);
	}

	/**
	 * Makes a share of the following well-formed calls fail at random, as a Winsock
	 * provider that misbehaves now and then would. Outside tests, the environment
	 * variables {@code WSA_STANDIN_FAILURE_RATE} and {@code WSA_STANDIN_FAILURE_ERROR}
	 * set the same when the library loads. {@link #reset()} turns it off.
	 * @param rate the share of calls that fail, between 0 and 1
	 * @param winsockError the error they fail with
	 */
	public static void failShare(double rate, int winsockError) {
		CONTROL.standin_fail_share(rate, winsockError);
	}

	/**
	 * How many calls the stand-in failed since the last reset, for whatever reason;
	 * counted past the calls that {@link #calls()} keeps.
	 * @return the count
	 */
	public static int failedCount() {
		return CONTROL.standin_failed_count();
	}

	/**
	 * How many calls the stand-in saw since the last reset; counted past the calls that
	 * {@link #calls()} keeps.
	 * @return the count
	 */
	public static int callCount() {
		return CONTROL.standin_call_count();
	}

	/**
	 * Makes {@code WSAGetLastError} report another value after a failed call, as it would
	 * if other native code had set or reset the thread's last error between the two
	 * calls. The error stays preserved by JNA, as on Windows.
	 * @param value what {@code WSAGetLastError} reports instead of the call's error
	 */
	public static void clobberLastError(int value) {
		CONTROL.standin_clobber_last_error(1, value);
	}

	/**
	 * The calls seen since the last reset.
	 * @return the calls in order
	 */
	public static List<Call> calls() {
		List<Call> calls = new ArrayList<>();
		int count = CONTROL.standin_call_count();
		for (int i = 0; i < count; i++) {
			LongByReference handle = new LongByReference();
			IntByReference listening = new IntByReference();
			IntByReference connected = new IntByReference();
			IntByReference localPort = new IntByReference();
			IntByReference family = new IntByReference();
			IntByReference error = new IntByReference();
			byte[] violation = new byte[160];
			if (CONTROL.standin_call(i, handle, listening, connected, localPort, family, error, violation,
					violation.length) == 0) {
				calls.add(new Call(handle.getValue(), listening.getValue() != 0, connected.getValue() != 0,
						localPort.getValue(), family.getValue(), error.getValue(), Native.toString(violation)));
			}
		}
		return calls;
	}

	/**
	 * The port a socket handle is bound to now.
	 * @param handle a handle from a {@link Call}
	 * @return the port, or -1 when the handle is not a bound socket
	 */
	public static int boundPortNow(long handle) {
		return CONTROL.standin_bound_port((int) handle);
	}

	/**
	 * Whether a socket handle is listening now.
	 * @param handle a handle from a {@link Call}
	 * @return whether it listens
	 */
	public static boolean listeningNow(long handle) {
		return CONTROL.standin_is_listening((int) handle) != 0;
	}

	/**
	 * One call as the stand-in saw it.
	 *
	 * @param handle the socket handle (file descriptor)
	 * @param listening whether the socket was already listening
	 * @param connected whether the socket was already connected
	 * @param localPort the port it was bound to (0 when not bound)
	 * @param family the address family ({@code AF_INET} 2, {@code AF_INET6} 10)
	 * @param error the Winsock error returned, 0 for success
	 * @param violation what was wrong with the call, empty when nothing
	 */
	public record Call(long handle, boolean listening, boolean connected, int localPort, int family, int error,
			String violation) {
	}

	interface Control extends Library {

		void standin_reset();

		void standin_fail_with(int error);

		void standin_clobber_last_error(int clobber, int value);

		void standin_fail_share(double rate, int error);

		int standin_failed_count();

		int standin_call_count();

		int standin_call(int i, LongByReference handle, IntByReference listening, IntByReference connected,
				IntByReference localPort, IntByReference family, IntByReference error, byte[] violation,
				int violationSize);

		int standin_bound_port(int fd);

		int standin_is_listening(int fd);

	}

}
