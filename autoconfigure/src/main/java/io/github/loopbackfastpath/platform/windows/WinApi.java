package io.github.loopbackfastpath.platform.windows;

import java.util.Map;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.Platform;
import com.sun.jna.win32.StdCallLibrary;

/**
 * How the Windows API libraries are loaded.
 */
final class WinApi {

	/**
	 * JNA load options for Windows API libraries: {@code WINAPI} and {@code NTAPI} are
	 * stdcall, a distinction that only exists on 32-bit x86 Windows; everywhere else (and
	 * for the native test seam on Linux) it is the C convention.
	 */
	static final Map<String, Object> OPTIONS = Map.of(Library.OPTION_CALLING_CONVENTION,
			(Platform.isWindows() && !Platform.is64Bit()) ? StdCallLibrary.STDCALL_CONVENTION : Function.C_CONVENTION);

	private WinApi() {
	}

}
