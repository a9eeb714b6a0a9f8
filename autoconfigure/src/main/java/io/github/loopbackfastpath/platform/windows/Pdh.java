package io.github.loopbackfastpath.platform.windows;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import org.jspecify.annotations.Nullable;

/**
 * JNA binding of the Performance Data Helper functions that read one sample of a few
 * counters, from {@code pdh.dll}. Every function returns a {@code PDH_STATUS}:
 * {@link #ERROR_SUCCESS} or an error code.
 *
 * @see <a href=
 * "https://learn.microsoft.com/windows/win32/perfctrs/using-the-pdh-functions-to-consume-counter-data">Using
 * the PDH functions</a>
 */
public interface Pdh extends Library {

	/** {@code ERROR_SUCCESS}. */
	int ERROR_SUCCESS = 0;

	/** {@code PDH_FMT_LARGE}: format the value as a 64-bit integer. */
	int PDH_FMT_LARGE = 0x00000400;

	/**
	 * {@code PDH_CSTATUS_VALID_DATA}: the value is valid and unchanged since the last
	 * read.
	 */
	int PDH_CSTATUS_VALID_DATA = 0;

	/** {@code PDH_CSTATUS_NEW_DATA}: the value is valid and new. */
	int PDH_CSTATUS_NEW_DATA = 1;

	/**
	 * Size of {@code PDH_FMT_COUNTERVALUE}: a {@code DWORD CStatus}, then a union whose
	 * widest member ({@code LONGLONG largeValue}) is 8-byte aligned on both 32- and
	 * 64-bit Windows.
	 */
	int PDH_FMT_COUNTERVALUE_SIZE = 16;

	/** Offset of {@code largeValue} in {@code PDH_FMT_COUNTERVALUE}. */
	int PDH_FMT_COUNTERVALUE_LARGE_OFFSET = 8;

	/**
	 * {@code PDH_STATUS PdhOpenQueryW(LPCWSTR szDataSource, DWORD_PTR dwUserData, PDH_HQUERY *phQuery)}.
	 * @param szDataSource {@code null} for real-time data
	 * @param dwUserData user data, {@code null}
	 * @param phQuery receives the query handle
	 * @return the status
	 */
	int PdhOpenQueryW(@Nullable WString szDataSource, @Nullable Pointer dwUserData, PointerByReference phQuery);

	/**
	 * {@code PDH_STATUS PdhAddEnglishCounterW(PDH_HQUERY hQuery, LPCWSTR szFullCounterPath,
	 * DWORD_PTR dwUserData, PDH_HCOUNTER *phCounter)}: adds a counter by its English
	 * path, whatever the system language.
	 * @param hQuery the query
	 * @param szFullCounterPath the counter path
	 * @param dwUserData user data, {@code null}
	 * @param phCounter receives the counter handle
	 * @return the status; {@code PDH_CSTATUS_NO_OBJECT} or {@code PDH_CSTATUS_NO_COUNTER}
	 * when the counter does not exist
	 */
	int PdhAddEnglishCounterW(Pointer hQuery, WString szFullCounterPath, @Nullable Pointer dwUserData,
			PointerByReference phCounter);

	/**
	 * {@code PDH_STATUS PdhCollectQueryData(PDH_HQUERY hQuery)}: takes one sample of
	 * every counter in the query.
	 * @param hQuery the query
	 * @return the status
	 */
	int PdhCollectQueryData(Pointer hQuery);

	/**
	 * {@code PDH_STATUS PdhGetFormattedCounterValue(PDH_HCOUNTER hCounter, DWORD dwFormat,
	 * LPDWORD lpdwType, PPDH_FMT_COUNTERVALUE pValue)}.
	 * @param hCounter the counter
	 * @param dwFormat {@link #PDH_FMT_LARGE}
	 * @param lpdwType receives the counter type, {@code null} when not wanted
	 * @param pValue receives the {@code PDH_FMT_COUNTERVALUE}
	 * @return the status
	 */
	int PdhGetFormattedCounterValue(Pointer hCounter, int dwFormat, @Nullable Pointer lpdwType, Pointer pValue);

	/**
	 * {@code PDH_STATUS PdhCloseQuery(PDH_HQUERY hQuery)}: closes the query and its
	 * counters.
	 * @param hQuery the query
	 * @return the status
	 */
	int PdhCloseQuery(Pointer hQuery);

}
