package io.github.loopbackfastpath.unix.netty;

import java.util.Map;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The send buffer of a client connection over a route. An AF_UNIX socket starts with the
 * system's default send buffer ({@code net.core.wmem_default} on Linux, 208 KiB) and
 * keeps it, where a TCP loopback socket's grows with the traffic up to
 * {@code net.ipv4.tcp_wmem}'s maximum (4 MiB by default). An event loop that writes a
 * large body without blocking, as Reactor Netty's and gRPC's do, fills the small buffer
 * with part of each chunk, is told to wait ({@code EAGAIN}) and goes back to its selector
 * for every 200 KiB or so: about twice the writes and selector wake-ups of TCP for the
 * same upload, and measured at roughly half TCP's upload throughput (see
 * {@code docs/unix-sockets.md}). A blocking client, such as Apache HttpClient's, waits in
 * the kernel instead and is not affected. A routed connection therefore asks for the send
 * buffer that TCP would grow to; Linux gives at most {@code net.core.wmem_max} (doubled,
 * for its own bookkeeping), macOS at most {@code kern.ipc.maxsockbuf}.
 */
final class RouteSendBuffer {

	/**
	 * The send buffer asked for: the default ceiling of TCP's on Linux
	 * ({@code net.ipv4.tcp_wmem}).
	 */
	static final int SIZE = 4 * 1024 * 1024;

	private static final Log logger = LogFactory.getLog(RouteSendBuffer.class);

	private RouteSendBuffer() {
	}

	/**
	 * Asks for a routed connection's send buffer, unless its client sets one itself.
	 * @param channel the connection's channel, a Unix-domain channel of any transport
	 * @param options the options of its client, which win
	 */
	static void apply(Channel channel, Map<ChannelOption<?>, ?> options) {
		if (!options.containsKey(ChannelOption.SO_SNDBUF)) {
			apply(channel);
		}
	}

	/**
	 * Asks for a routed connection's send buffer; options applied later replace it.
	 * @param channel the connection's channel, a Unix-domain channel of any transport
	 */
	static void apply(Channel channel) {
		try {
			if (!channel.config().setOption(ChannelOption.SO_SNDBUF, SIZE) && logger.isDebugEnabled()) {
				logger.debug("The channel " + channel.getClass().getName() + " has no send buffer option");
			}
		}
		catch (ChannelException ex) {
			// The default buffer still works, only slower for large bodies.
			if (logger.isDebugEnabled()) {
				logger.debug("Could not enlarge the send buffer of " + channel, ex);
			}
		}
	}

}
