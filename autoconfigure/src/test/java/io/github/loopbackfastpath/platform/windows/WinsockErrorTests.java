package io.github.loopbackfastpath.platform.windows;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WinsockErrorTests {

	@Test
	void knownCodesKeepTheirWinsockNames() {
		assertThat(WinsockError.describe(10045)).isEqualTo("WSAEOPNOTSUPP (10045)");
		assertThat(WinsockError.describe(10038)).isEqualTo("WSAENOTSOCK (10038)");
	}

	@Test
	void unknownCodesStayNumbered() {
		assertThat(WinsockError.describe(12345)).isEqualTo("WSA error 12345");
	}

	@Test
	void windowsVersionsFromEightOnHaveTheFastPath() {
		assertThat(WindowsVersion.hasLoopbackFastPath("10.0")).isTrue();
		assertThat(WindowsVersion.hasLoopbackFastPath("6.3")).isTrue();
		assertThat(WindowsVersion.hasLoopbackFastPath("6.2")).isTrue();
		assertThat(WindowsVersion.hasLoopbackFastPath("6.1")).isFalse();
		assertThat(WindowsVersion.hasLoopbackFastPath("5.1")).isFalse();
		assertThat(WindowsVersion.hasLoopbackFastPath("garbage")).isFalse();
	}

}
