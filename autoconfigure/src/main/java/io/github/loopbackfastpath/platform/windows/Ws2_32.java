package io.github.loopbackfastpath.platform.windows;

import java.util.List;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import org.jspecify.annotations.Nullable;

/**
 * JNA binding of the two Winsock functions the fast path needs, from {@code ws2_32.dll}.
 *
 * @see <a href=
 * "https://learn.microsoft.com/windows/win32/api/winsock2/nf-winsock2-wsaioctl">WSAIoctl</a>
 * @see <a href=
 * "https://learn.microsoft.com/windows/win32/winsock/sio-loopback-fastpath">SIO_LOOPBACK_FASTPATH</a>
 */
public interface Ws2_32 extends Library {

	/**
	 * {@code SIO_LOOPBACK_FASTPATH}: {@code _WSAIOW(IOC_VENDOR, 16)}. Input is a 4-byte
	 * {@code int} set to 1; there is no output buffer.
	 */
	int SIO_LOOPBACK_FASTPATH = 0x98000010;

	/** {@code SOCKET_ERROR}: what {@code WSAIoctl} returns when it fails. */
	int SOCKET_ERROR = -1;

	/** The names of the functions below, looked up when the library is loaded. */
	List<String> FUNCTIONS = List.of("WSAIoctl", "WSAGetLastError");

	/**
	 * {@code int WSAIoctl(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer,
	 * LPVOID lpvOutBuffer, DWORD cbOutBuffer, LPDWORD lpcbBytesReturned,
	 * LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)}.
	 * @param s the socket
	 * @param dwIoControlCode the control code
	 * @param lpvInBuffer the input buffer
	 * @param cbInBuffer the input buffer's size in bytes
	 * @param lpvOutBuffer the output buffer, or {@code null}
	 * @param cbOutBuffer the output buffer's size in bytes
	 * @param lpcbBytesReturned receives the number of bytes written to the output buffer
	 * @param lpOverlapped {@code null} for a blocking call
	 * @param lpCompletionRoutine {@code null} for a blocking call
	 * @return 0, or {@link #SOCKET_ERROR} with the reason in the thread's last error,
	 * which JNA preserves as {@code Native.getLastError()} and {@link #WSAGetLastError()}
	 * also reports
	 */
	int WSAIoctl(SOCKET s, int dwIoControlCode, Pointer lpvInBuffer, int cbInBuffer, @Nullable Pointer lpvOutBuffer,
			int cbOutBuffer, IntByReference lpcbBytesReturned, @Nullable Pointer lpOverlapped,
			@Nullable Pointer lpCompletionRoutine);

	/**
	 * {@code int WSAGetLastError(void)}.
	 * @return the error of the calling thread's last failed Winsock call
	 */
	int WSAGetLastError();

	/**
	 * {@code SOCKET}: an unsigned integer as wide as a pointer ({@code UINT_PTR}). The
	 * JDK holds the handle in an {@code int}; it is widened here so that 64-bit Windows
	 * gets the full argument register.
	 */
	final class SOCKET extends IntegerType {

		private static final long serialVersionUID = 1L;

		/** Creates a zero handle; JNA needs this constructor. */
		public SOCKET() {
			this(0);
		}

		/**
		 * Creates a handle.
		 * @param value the handle's value
		 */
		public SOCKET(long value) {
			super(Native.POINTER_SIZE, value, true);
		}

	}

}
