package io.github.loopbackfastpath.unix;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

/**
 * Parses an IP address literal as written in a URL host ({@code 127.0.0.1}, {@code ::1},
 * {@code ::ffff:127.0.0.1}) into its address without asking any name service: anything
 * that is not such a literal (a name, {@code 300.0.0.1}, {@code 1.2.3}) is no address.
 * {@code InetAddress.getByName} would look such strings up, on the request's thread, and
 * the JDK's own lookup-free parser ({@code InetAddress.ofLiteral}) needs JDK 22.
 */
final class HostLiteral {

	private static final int IPV6_GROUPS = 8;

	private HostLiteral() {
	}

	/**
	 * The address a literal stands for.
	 * @param host the host, without IPv6 brackets; an IPv6 zone ({@code %eth0}) is
	 * ignored
	 * @return the address, or {@code null} when the host is not an IP literal
	 */
	static @Nullable InetAddress parse(String host) {
		byte[] bytes = (host.indexOf(':') >= 0) ? ipv6(host) : ipv4(host);
		if (bytes == null) {
			return null;
		}
		try {
			// The JDK documents that no name service is asked for raw bytes.
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			// Only thrown for a byte array of another length than 4 or 16.
			return null;
		}
	}

	/**
	 * Four decimal parts of one to three digits, each at most 255 (the only IPv4 form a
	 * URL host takes by RFC 3986).
	 */
	private static byte @Nullable [] ipv4(String text) {
		byte[] bytes = new byte[4];
		int part = 0;
		int value = 0;
		int digits = 0;
		for (int i = 0; i <= text.length(); i++) {
			char c = (i < text.length()) ? text.charAt(i) : '.';
			if (c >= '0' && c <= '9') {
				value = value * 10 + (c - '0');
				if (++digits > 3 || value > 255) {
					return null;
				}
			}
			else if (c == '.' && digits > 0 && part < 4) {
				bytes[part++] = (byte) value;
				value = 0;
				digits = 0;
			}
			else {
				return null;
			}
		}
		return (part == 4) ? bytes : null;
	}

	/**
	 * Eight groups of one to four hex digits, one run of zero groups written as
	 * {@code ::}, the last two groups possibly written as an IPv4 address (RFC 4291).
	 */
	private static byte @Nullable [] ipv6(String text) {
		int zone = text.indexOf('%');
		String address = (zone >= 0) ? text.substring(0, zone) : text;
		int gap = address.indexOf("::");
		if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
			return null;
		}
		int[] head = (gap >= 0) ? groups(address.substring(0, gap)) : groups(address);
		int[] tail = (gap >= 0) ? groups(address.substring(gap + 2)) : new int[0];
		if (head == null || tail == null) {
			return null;
		}
		int count = head.length + tail.length;
		if ((gap < 0 && count != IPV6_GROUPS) || (gap >= 0 && count >= IPV6_GROUPS)) {
			return null;
		}
		byte[] bytes = new byte[16];
		for (int i = 0; i < head.length; i++) {
			bytes[2 * i] = (byte) (head[i] >> 8);
			bytes[2 * i + 1] = (byte) head[i];
		}
		int offset = IPV6_GROUPS - tail.length;
		for (int i = 0; i < tail.length; i++) {
			bytes[2 * (offset + i)] = (byte) (tail[i] >> 8);
			bytes[2 * (offset + i) + 1] = (byte) tail[i];
		}
		return bytes;
	}

	/**
	 * Colon-separated groups, the last of which may be an IPv4 address (two groups).
	 * @return the 16-bit groups, empty for an empty text, or {@code null} when malformed
	 */
	private static int @Nullable [] groups(String text) {
		if (text.isEmpty()) {
			return new int[0];
		}
		String[] parts = text.split(":", -1);
		boolean ipv4Tail = parts[parts.length - 1].indexOf('.') >= 0;
		int[] groups = new int[parts.length + (ipv4Tail ? 1 : 0)];
		for (int i = 0; i < parts.length; i++) {
			String part = parts[i];
			if (ipv4Tail && i == parts.length - 1) {
				byte[] ipv4 = ipv4(part);
				if (ipv4 == null) {
					return null;
				}
				groups[i] = ((ipv4[0] & 0xff) << 8) | (ipv4[1] & 0xff);
				groups[i + 1] = ((ipv4[2] & 0xff) << 8) | (ipv4[3] & 0xff);
			}
			else {
				if (part.isEmpty() || part.length() > 4) {
					return null;
				}
				int value = 0;
				for (int j = 0; j < part.length(); j++) {
					// ASCII only: Character.digit also takes other scripts' digits.
					char c = part.charAt(j);
					int digit = (c < 128) ? Character.digit(c, 16) : -1;
					if (digit < 0) {
						return null;
					}
					value = (value << 4) | digit;
				}
				groups[i] = value;
			}
		}
		return groups;
	}

}
