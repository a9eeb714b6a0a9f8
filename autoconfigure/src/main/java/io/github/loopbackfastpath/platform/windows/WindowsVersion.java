package io.github.loopbackfastpath.platform.windows;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import org.jspecify.annotations.Nullable;

/**
 * Which Windows this is. The JVM's {@code os.version} stops at {@code 10.0}, but the
 * reported loopback fast-path problems are tied to builds, so the status report shows the
 * build number from {@code RtlGetVersion}.
 */
public final class WindowsVersion {

	private WindowsVersion() {
	}

	/**
	 * Whether a Windows version has {@code SIO_LOOPBACK_FASTPATH}: Windows 8 / Server
	 * 2012 (NT 6.2) and later.
	 * @param osVersion the JVM's {@code os.version}, for example {@code 10.0}
	 * @return whether the control code exists there
	 */
	public static boolean hasLoopbackFastPath(String osVersion) {
		String[] parts = osVersion.split("\\.");
		try {
			int major = Integer.parseInt(parts[0]);
			int minor = (parts.length > 1) ? Integer.parseInt(parts[1]) : 0;
			return major > 6 || (major == 6 && minor >= 2);
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	/**
	 * Reads the Windows build number.
	 * @return the build number, or {@code null} when it cannot be read
	 */
	public static @Nullable Long build() {
		try {
			NtDll.OsVersionInfo version = new NtDll.OsVersionInfo();
			return (NtDll.INSTANCE.RtlGetVersion(version) == 0) ? Integer.toUnsignedLong(version.dwBuildNumber) : null;
		}
		catch (LinkageError ex) {
			return null;
		}
	}

	/** JNA binding of {@code RtlGetVersion} from {@code ntdll.dll}. */
	interface NtDll extends Library {

		NtDll INSTANCE = Native.load("ntdll", NtDll.class, WinApi.OPTIONS);

		/**
		 * {@code NTSTATUS RtlGetVersion(PRTL_OSVERSIONINFOW lpVersionInformation)}.
		 * @param info receives the version
		 * @return 0 ({@code STATUS_SUCCESS})
		 */
		int RtlGetVersion(OsVersionInfo info);

		/** {@code RTL_OSVERSIONINFOW}. */
		@Structure.FieldOrder({ "dwOSVersionInfoSize", "dwMajorVersion", "dwMinorVersion", "dwBuildNumber",
				"dwPlatformId", "szCSDVersion" })
		class OsVersionInfo extends Structure {

			public int dwOSVersionInfoSize;

			public int dwMajorVersion;

			public int dwMinorVersion;

			public int dwBuildNumber;

			public int dwPlatformId;

			public char[] szCSDVersion = new char[128];

			public OsVersionInfo() {
				this.dwOSVersionInfoSize = size();
			}

		}

	}

}
