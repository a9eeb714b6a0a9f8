package io.github.loopbackfastpath.policy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Decisions from addresses alone: nothing here opens a socket.
 */
class LoopbackPolicyTests {

	private final LoopbackPolicy everyPort = new LoopbackPolicy(true, true, List.of());

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.0.0.53", "127.255.255.254", "::1", "0:0:0:0:0:0:0:1" })
	void loopbackDestinationsQualify(String host) throws UnknownHostException {
		assertThat(this.everyPort.beforeConnect(new InetSocketAddress(InetAddress.getByName(host), 3500))).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "203.0.113.7", "198.51.100.1", "0.0.0.0", "::", "2001:db8::1", "fe80::1", "::2",
			"::ffff:203.0.113.7", "128.0.0.1", "126.255.255.255" })
	void otherDestinationsDoNot(String host) throws UnknownHostException {
		assertThat(this.everyPort.beforeConnect(new InetSocketAddress(InetAddress.getByName(host), 3500)))
			.isEqualTo(SkipReason.NOT_LOOPBACK);
	}

	@Test
	void ipv4MappedLoopbackQualifiesEvenWhenKeptInIpv6Form() throws UnknownHostException {
		// The JDK turns "::ffff:127.0.0.1" into an Inet4Address; raw bytes keep the
		// IPv6 form.
		byte[] mapped = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 9 };
		InetAddress v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);
		assertThat(LoopbackPolicy.isLoopback(v6)).isTrue();
		assertThat(LoopbackPolicy.isLoopback(InetAddress.getByName("::ffff:127.0.0.1"))).isTrue();
		byte[] mappedOther = mapped.clone();
		mappedOther[12] = (byte) 203;
		assertThat(LoopbackPolicy.isLoopback(java.net.Inet6Address.getByAddress(null, mappedOther, -1))).isFalse();
	}

	@Test
	void theHostsOwnNonLoopbackAddressesDoNotQualify() throws SocketException {
		// The interfaces' addresses, not the host name's: a host name may resolve to
		// loopback only.
		List<InetAddress> own = NetworkInterface.networkInterfaces()
			.flatMap(NetworkInterface::inetAddresses)
			.filter((address) -> !address.isLoopbackAddress())
			.toList();
		assumeFalse(own.isEmpty(), "this host has no address besides loopback");
		assertThat(own).allSatisfy((address) -> assertThat(LoopbackPolicy.isLoopback(address)).isFalse());
		assertThat(own)
			.allSatisfy((address) -> assertThat(this.everyPort.beforeConnect(new InetSocketAddress(address, 3500)))
				.isEqualTo(SkipReason.NOT_LOOPBACK));
	}

	@Test
	void unresolvedNamesDoNotQualify() {
		assertThat(this.everyPort.beforeConnect(InetSocketAddress.createUnresolved("localhost", 3500)))
			.isEqualTo(SkipReason.NOT_LOOPBACK);
		assertThat(this.everyPort.beforeConnect(null)).isEqualTo(SkipReason.NOT_LOOPBACK);
	}

	@Test
	void portListLimitsClientsOnly() throws UnknownHostException {
		LoopbackPolicy sidecars = new LoopbackPolicy(true, true, List.of(3500, 15001));
		InetAddress loopback = InetAddress.getByName("127.0.0.1");
		assertThat(sidecars.beforeConnect(new InetSocketAddress(loopback, 3500))).isNull();
		assertThat(sidecars.beforeConnect(new InetSocketAddress(loopback, 15001))).isNull();
		assertThat(sidecars.beforeConnect(new InetSocketAddress(loopback, 8080))).isEqualTo(SkipReason.PORT_NOT_LISTED);
		assertThat(sidecars.beforeBind(new InetSocketAddress(loopback, 8080))).isNull();
	}

	@Test
	void listenersQualifyOnWildcardAndLoopbackOnly() throws UnknownHostException {
		assertThat(this.everyPort.beforeBind(null)).isNull();
		assertThat(this.everyPort.beforeBind(new InetSocketAddress(8080))).isNull();
		assertThat(this.everyPort.beforeBind(new InetSocketAddress(InetAddress.getByName("::"), 8080))).isNull();
		assertThat(this.everyPort.beforeBind(new InetSocketAddress(InetAddress.getByName("::1"), 8080))).isNull();
		assertThat(this.everyPort.beforeBind(new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 8080)))
			.isEqualTo(SkipReason.NOT_LOOPBACK);
	}

	@Test
	void disabledSidesAreSkipped() throws UnknownHostException {
		InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080);
		LoopbackPolicy clientOnly = new LoopbackPolicy(false, true, List.of());
		assertThat(clientOnly.beforeBind(loopback)).isEqualTo(SkipReason.SERVER_DISABLED);
		assertThat(clientOnly.beforeConnect(loopback)).isNull();
		LoopbackPolicy serverOnly = new LoopbackPolicy(true, false, List.of());
		assertThat(serverOnly.beforeConnect(loopback)).isEqualTo(SkipReason.CLIENT_DISABLED);
	}

	@Test
	void portsOutsideTheRangeAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LoopbackPolicy(true, true, List.of(0)))
			.withMessageContaining("1..65535");
		assertThatIllegalArgumentException().isThrownBy(() -> new LoopbackPolicy(true, true, List.of(65536)));
	}

}
