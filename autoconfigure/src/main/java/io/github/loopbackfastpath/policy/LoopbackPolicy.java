package io.github.loopbackfastpath.policy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.BitSet;
import java.util.Collection;

import org.jspecify.annotations.Nullable;

/**
 * Decides which sockets should ask for the loopback fast path. A client socket qualifies
 * when it connects to a loopback address (127.0.0.0/8, {@code ::1}, or IPv4-mapped
 * {@code ::ffff:127.x.y.z}) and, when a port list is set, to one of those ports. A
 * listening socket qualifies when it binds to a loopback or wildcard address: connections
 * that arrive over loopback inherit the option from it. Everything else, including the
 * host's own non-loopback addresses and names that were not resolved, is left alone:
 * Windows ignores the option on a non-loopback path, and this policy does not rely on
 * that.
 */
public final class LoopbackPolicy {

	private final boolean serverEnabled;

	private final boolean clientEnabled;

	private final @Nullable BitSet clientPorts;

	/**
	 * Creates a policy.
	 * @param serverEnabled whether listening sockets may ask for the fast path
	 * @param clientEnabled whether client sockets may ask for the fast path
	 * @param clientPorts the destination ports that client sockets may ask for; empty for
	 * every loopback port
	 * @throws IllegalArgumentException when a port is outside 1..65535
	 */
	public LoopbackPolicy(boolean serverEnabled, boolean clientEnabled, Collection<Integer> clientPorts) {
		this.serverEnabled = serverEnabled;
		this.clientEnabled = clientEnabled;
		this.clientPorts = clientPorts.isEmpty() ? null : toBitSet(clientPorts);
	}

	private static BitSet toBitSet(Collection<Integer> ports) {
		BitSet bits = new BitSet(65536);
		for (Integer port : ports) {
			if (!isPort(port)) {
				throw new IllegalArgumentException("Port " + port + " is outside 1..65535");
			}
			bits.set(port);
		}
		return bits;
	}

	/**
	 * Whether a value is a TCP port a destination can have.
	 * @param port the value
	 * @return whether it is in 1..65535
	 */
	public static boolean isPort(@Nullable Integer port) {
		return port != null && port >= 1 && port <= 65535;
	}

	/**
	 * Whether client sockets may ask for the fast path at all.
	 * @return {@code loopback.fastpath.client.enabled}
	 */
	public boolean isClientEnabled() {
		return this.clientEnabled;
	}

	/**
	 * Decides for a client socket about to connect.
	 * @param remote the destination, as passed to {@code connect}
	 * @return {@code null} when the socket should ask for the fast path, otherwise why
	 * not
	 */
	public @Nullable SkipReason beforeConnect(@Nullable SocketAddress remote) {
		if (!this.clientEnabled) {
			return SkipReason.CLIENT_DISABLED;
		}
		if (!(remote instanceof InetSocketAddress inet) || inet.isUnresolved()) {
			return SkipReason.NOT_LOOPBACK;
		}
		if (!isLoopback(inet.getAddress())) {
			return SkipReason.NOT_LOOPBACK;
		}
		if (this.clientPorts != null && !this.clientPorts.get(inet.getPort())) {
			return SkipReason.PORT_NOT_LISTED;
		}
		return null;
	}

	/**
	 * Decides for a listening socket about to bind.
	 * @param local the address it binds to; {@code null} means the wildcard address
	 * @return {@code null} when the socket should ask for the fast path, otherwise why
	 * not
	 */
	public @Nullable SkipReason beforeBind(@Nullable SocketAddress local) {
		if (!this.serverEnabled) {
			return SkipReason.SERVER_DISABLED;
		}
		if (local == null) {
			return null;
		}
		if (!(local instanceof InetSocketAddress inet) || inet.isUnresolved()) {
			return SkipReason.NOT_LOOPBACK;
		}
		InetAddress address = inet.getAddress();
		return (address.isAnyLocalAddress() || isLoopback(address)) ? null : SkipReason.NOT_LOOPBACK;
	}

	/**
	 * Whether an address is on the loopback path: 127.0.0.0/8, {@code ::1}, or an
	 * IPv4-mapped loopback address.
	 * @param address the address
	 * @return whether connections to it stay on the host's loopback interface
	 */
	public static boolean isLoopback(InetAddress address) {
		if (address instanceof Inet4Address) {
			return address.isLoopbackAddress();
		}
		if (address instanceof Inet6Address) {
			byte[] bytes = address.getAddress();
			// ::ffff:127.x.y.z. The JDK turns mapped literals into Inet4Address, but an
			// Inet6Address built from raw bytes keeps the mapped form.
			if (isIpv4Mapped(bytes)) {
				return bytes[12] == 127;
			}
			return address.isLoopbackAddress();
		}
		return false;
	}

	private static boolean isIpv4Mapped(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
	}

}
