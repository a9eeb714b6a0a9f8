package io.github.loopbackfastpath.httpcomponents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.Cleaner;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.Set;

import io.github.loopbackfastpath.LoopbackFastPath;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Socket} backed by a JDK {@link SocketChannel} that is offered the loopback
 * fast path in {@link #connect(SocketAddress, int)}, after Apache HttpClient has bound
 * and configured it and before it connects, with the resolved destination.
 * <p>
 * Why a channel: the handle can only be read from a NIO channel with nothing but
 * {@code --add-exports java.base/sun.nio.ch} (see
 * {@link io.github.loopbackfastpath.handle.SocketHandles}); a plain {@code new Socket()}
 * would need {@code --add-opens}. Why a subclass: the channel's own socket adaptor is a
 * package-private JDK class, so its {@code connect} cannot be overridden to see the
 * destination. This class therefore forwards every public {@code Socket} method to the
 * adaptor, whose streams honour {@link #setSoTimeout(int)} and whose connect honours the
 * timeout, and runs the fast-path request first in {@code connect}.
 * <p>
 * The superclass gets no {@link SocketImpl}, so it never opens a socket of its own; a
 * {@code Socket} method added by a later JDK and not forwarded here fails loudly instead
 * of acting on a second, unconnected socket.
 * <p>
 * A socket dropped without {@link #close()} (the pool of a client that was never closed)
 * has its channel closed once it is collected, as the JDK does for its own sockets: a JDK
 * {@code Socket} closes its descriptor through a cleaner, a {@code SocketChannel} never
 * does, so without this an application that drops clients would leak a descriptor per
 * pooled connection only because the starter is present.
 */
final class FastPathSocket extends Socket {

	private static final Cleaner CLEANER = Cleaner.create();

	private final SocketChannel channel;

	private final Socket adaptor;

	private final LoopbackFastPath fastPath;

	private final String component;

	private final Cleaner.Cleanable closeWhenCollected;

	FastPathSocket(SocketChannel channel, LoopbackFastPath fastPath, String component) throws SocketException {
		super((SocketImpl) null);
		this.channel = channel;
		this.adaptor = channel.socket();
		this.fastPath = fastPath;
		this.component = component;
		this.closeWhenCollected = CLEANER.register(this, new ChannelCloser(channel));
	}

	@Override
	public void connect(SocketAddress endpoint) throws IOException {
		connect(endpoint, 0);
	}

	@Override
	public void connect(SocketAddress endpoint, int timeout) throws IOException {
		// A closed or connected channel makes the adaptor throw; the request would only
		// record a
		// misleading failure first.
		if (this.channel.isOpen() && !this.channel.isConnected()) {
			this.fastPath.beforeConnect(this.channel, endpoint, this.component);
		}
		this.adaptor.connect(endpoint, timeout);
	}

	@Override
	public void bind(@Nullable SocketAddress bindpoint) throws IOException {
		this.adaptor.bind(bindpoint);
	}

	@Override
	public @Nullable InetAddress getInetAddress() {
		return this.adaptor.getInetAddress();
	}

	@Override
	public InetAddress getLocalAddress() {
		return this.adaptor.getLocalAddress();
	}

	@Override
	public int getPort() {
		return this.adaptor.getPort();
	}

	@Override
	public int getLocalPort() {
		return this.adaptor.getLocalPort();
	}

	@Override
	public @Nullable SocketAddress getRemoteSocketAddress() {
		return this.adaptor.getRemoteSocketAddress();
	}

	@Override
	public @Nullable SocketAddress getLocalSocketAddress() {
		return this.adaptor.getLocalSocketAddress();
	}

	@Override
	public SocketChannel getChannel() {
		return this.channel;
	}

	@Override
	public InputStream getInputStream() throws IOException {
		return this.adaptor.getInputStream();
	}

	@Override
	public OutputStream getOutputStream() throws IOException {
		return this.adaptor.getOutputStream();
	}

	@Override
	public void setTcpNoDelay(boolean on) throws SocketException {
		this.adaptor.setTcpNoDelay(on);
	}

	@Override
	public boolean getTcpNoDelay() throws SocketException {
		return this.adaptor.getTcpNoDelay();
	}

	@Override
	public void setSoLinger(boolean on, int linger) throws SocketException {
		this.adaptor.setSoLinger(on, linger);
	}

	@Override
	public int getSoLinger() throws SocketException {
		return this.adaptor.getSoLinger();
	}

	@Override
	public void sendUrgentData(int data) throws IOException {
		this.adaptor.sendUrgentData(data);
	}

	@Override
	public void setOOBInline(boolean on) throws SocketException {
		this.adaptor.setOOBInline(on);
	}

	@Override
	public boolean getOOBInline() throws SocketException {
		return this.adaptor.getOOBInline();
	}

	@Override
	public void setSoTimeout(int timeout) throws SocketException {
		this.adaptor.setSoTimeout(timeout);
	}

	@Override
	public int getSoTimeout() throws SocketException {
		return this.adaptor.getSoTimeout();
	}

	@Override
	public void setSendBufferSize(int size) throws SocketException {
		this.adaptor.setSendBufferSize(size);
	}

	@Override
	public int getSendBufferSize() throws SocketException {
		return this.adaptor.getSendBufferSize();
	}

	@Override
	public void setReceiveBufferSize(int size) throws SocketException {
		this.adaptor.setReceiveBufferSize(size);
	}

	@Override
	public int getReceiveBufferSize() throws SocketException {
		return this.adaptor.getReceiveBufferSize();
	}

	@Override
	public void setKeepAlive(boolean on) throws SocketException {
		this.adaptor.setKeepAlive(on);
	}

	@Override
	public boolean getKeepAlive() throws SocketException {
		return this.adaptor.getKeepAlive();
	}

	@Override
	public void setTrafficClass(int tc) throws SocketException {
		this.adaptor.setTrafficClass(tc);
	}

	@Override
	public int getTrafficClass() throws SocketException {
		return this.adaptor.getTrafficClass();
	}

	@Override
	public void setReuseAddress(boolean on) throws SocketException {
		this.adaptor.setReuseAddress(on);
	}

	@Override
	public boolean getReuseAddress() throws SocketException {
		return this.adaptor.getReuseAddress();
	}

	@Override
	public void close() throws IOException {
		try {
			this.adaptor.close();
		}
		finally {
			// Unregisters the cleaner; closing the closed channel again does nothing.
			this.closeWhenCollected.clean();
		}
	}

	@Override
	public void shutdownInput() throws IOException {
		this.adaptor.shutdownInput();
	}

	@Override
	public void shutdownOutput() throws IOException {
		this.adaptor.shutdownOutput();
	}

	@Override
	public boolean isConnected() {
		return this.adaptor.isConnected();
	}

	@Override
	public boolean isBound() {
		return this.adaptor.isBound();
	}

	@Override
	public boolean isClosed() {
		return this.adaptor.isClosed();
	}

	@Override
	public boolean isInputShutdown() {
		return this.adaptor.isInputShutdown();
	}

	@Override
	public boolean isOutputShutdown() {
		return this.adaptor.isOutputShutdown();
	}

	@Override
	public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
		this.adaptor.setPerformancePreferences(connectionTime, latency, bandwidth);
	}

	@Override
	public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
		this.adaptor.setOption(name, value);
		return this;
	}

	@Override
	public <T> T getOption(SocketOption<T> name) throws IOException {
		return this.adaptor.getOption(name);
	}

	@Override
	public Set<SocketOption<?>> supportedOptions() {
		return this.adaptor.supportedOptions();
	}

	@Override
	public String toString() {
		return this.adaptor.toString();
	}

	/**
	 * Closes the channel of a collected socket; refers to the channel only, never to the
	 * socket, so that the socket can be collected.
	 */
	private record ChannelCloser(SocketChannel channel) implements Runnable {

		@Override
		public void run() {
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// Nothing to report to: the socket is gone.
			}
		}

	}

}
