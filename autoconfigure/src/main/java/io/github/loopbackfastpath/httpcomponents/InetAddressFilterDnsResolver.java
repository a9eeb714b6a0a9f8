package io.github.loopbackfastpath.httpcomponents;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import org.apache.hc.client5.http.DnsResolver;

import org.springframework.boot.http.client.InetAddressFilter;

/**
 * Applies the {@link InetAddressFilter} of the HTTP client settings to name resolution,
 * as Spring Boot does for the connection manager that
 * {@link FastPathHttpComponentsClients} replaces. Boot's own resolver is package-private,
 * so this is the same rule written against the public filter: addresses the filter
 * rejects are dropped, and a host left with none fails. Boot reports that with its
 * {@code FilteredHostException}, whose constructor is not public; this resolver throws an
 * {@link UnknownHostException} naming the filter instead, which HttpClient treats like
 * any other unresolvable host.
 */
final class InetAddressFilterDnsResolver implements DnsResolver {

	private final DnsResolver delegate;

	private final InetAddressFilter filter;

	InetAddressFilterDnsResolver(DnsResolver delegate, InetAddressFilter filter) {
		this.delegate = delegate;
		this.filter = filter;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		InetAddress[] resolved = this.delegate.resolve(host);
		if (resolved == null || resolved.length == 0) {
			return resolved;
		}
		InetAddress[] matching = Arrays.stream(resolved).filter(this.filter::matches).toArray(InetAddress[]::new);
		return requireAny(host, matching.length, matching);
	}

	@Override
	public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
		List<InetSocketAddress> resolved = this.delegate.resolve(host, port);
		if (resolved == null || resolved.isEmpty()) {
			return resolved;
		}
		List<InetSocketAddress> matching = resolved.stream().filter(this.filter::matches).toList();
		return requireAny(host, matching.size(), matching);
	}

	@Override
	public String resolveCanonicalHostname(String host) throws UnknownHostException {
		return this.delegate.resolveCanonicalHostname(host);
	}

	private static <T> T requireAny(String host, int count, T addresses) throws UnknownHostException {
		if (count == 0) {
			throw new UnknownHostException("Filtered host '" + host
					+ "': no address passes the InetAddressFilter of the HTTP client settings");
		}
		return addresses;
	}

}
