package io.github.loopbackfastpath.httpcomponents;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.InetAddressFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link InetAddressFilterDnsResolver}: the settings' filter still applies to the
 * replaced connection manager. Resolution is stubbed; only loopback addresses appear.
 */
class InetAddressFilterDnsResolverTests {

	private static final InetAddress IPV4 = address("127.0.0.1");

	private static final InetAddress IPV6 = address("::1");

	private final DnsResolver both = new DnsResolver() {

		@Override
		public InetAddress[] resolve(String host) {
			return new InetAddress[] { IPV4, IPV6 };
		}

		@Override
		public String resolveCanonicalHostname(String host) {
			return "localhost";
		}

	};

	@Test
	void addressesTheFilterRejectsAreDropped() throws Exception {
		DnsResolver resolver = new InetAddressFilterDnsResolver(this.both, InetAddressFilter.of("127.0.0.1"));
		assertThat(resolver.resolve("sidecar")).containsExactly(IPV4);
		assertThat(resolver.resolve("sidecar", 8080)).containsExactly(new InetSocketAddress(IPV4, 8080));
		assertThat(resolver.resolveCanonicalHostname("sidecar")).isEqualTo("localhost");
	}

	@Test
	void aHostWithNoAddressLeftFails() {
		DnsResolver resolver = new InetAddressFilterDnsResolver(this.both, InetAddressFilter.none());
		assertThatExceptionOfType(UnknownHostException.class).isThrownBy(() -> resolver.resolve("sidecar", 8080))
			.withMessageContaining("Filtered host 'sidecar'");
		assertThatExceptionOfType(UnknownHostException.class).isThrownBy(() -> resolver.resolve("sidecar"));
	}

	@Test
	void everyAddressPassesAnOpenFilter() throws Exception {
		DnsResolver resolver = new InetAddressFilterDnsResolver(this.both, InetAddressFilter.all());
		assertThat(resolver.resolve("sidecar", 80)).hasSize(2);
		assertThat(List.of(resolver.resolve("sidecar"))).containsExactly(IPV4, IPV6);
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
