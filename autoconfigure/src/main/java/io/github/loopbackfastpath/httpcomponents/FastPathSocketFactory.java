package io.github.loopbackfastpath.httpcomponents;

import java.io.IOException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.policy.SkipReason;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Creates the plain sockets of an Apache HttpClient 5 connection operator as
 * {@link SocketChannel}-backed sockets that are offered the loopback fast path right
 * before they connect. The operator binds and configures the socket, then connects it to
 * each resolved address in turn, so every attempt is offered the fast path with the
 * address it goes to. TLS is layered over the connected socket afterwards and needs
 * nothing from this class.
 * <p>
 * A SOCKS proxy is handled by the JDK's own socket, which has no channel to configure:
 * such connections are recorded as skipped ({@code unhooked}) with the address they
 * connect to.
 */
public final class FastPathSocketFactory implements DetachedSocketFactory {

	private final LoopbackFastPath fastPath;

	private final String component;

	/**
	 * Creates a factory.
	 * @param fastPath the fast path
	 * @param component the component name outcomes are recorded under
	 */
	public FastPathSocketFactory(LoopbackFastPath fastPath, String component) {
		this.fastPath = fastPath;
		this.component = component;
	}

	@Override
	public Socket create(@Nullable Proxy socksProxy) throws IOException {
		if (socksProxy != null && socksProxy.type() != Proxy.Type.DIRECT) {
			return new UnhookedProxySocket(socksProxy);
		}
		SocketChannel channel = SocketChannel.open();
		try {
			return new FastPathSocket(channel, this.fastPath, this.component);
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	/**
	 * A proxied socket, only so that it shows up in the status report.
	 */
	private final class UnhookedProxySocket extends Socket {

		UnhookedProxySocket(Proxy proxy) {
			super(proxy);
		}

		@Override
		public void connect(SocketAddress endpoint, int timeout) throws IOException {
			FastPathSocketFactory.this.fastPath.skip(FastPathSocketFactory.this.component, endpoint,
					SkipReason.UNHOOKED, true);
			super.connect(endpoint, timeout);
		}

	}

}
