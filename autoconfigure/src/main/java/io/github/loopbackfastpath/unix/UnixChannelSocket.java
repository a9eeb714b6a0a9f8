package io.github.loopbackfastpath.unix;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.Cleaner;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.loopbackfastpath.policy.LoopbackPolicy;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Socket} over a JDK Unix-domain {@link SocketChannel}, for blocking clients
 * that work on sockets (Apache HttpClient's classic connection operator): it is asked to
 * connect to the TCP destination of a request and connects to the route's socket instead,
 * answering for the TCP destination afterwards ({@link #getInetAddress()},
 * {@link #getPort()}, {@link #getRemoteSocketAddress()}), so that the client's logs and
 * route keys stay those of the URL.
 * <p>
 * The JDK's own socket adaptor does not support Unix-domain channels, so this class reads
 * and writes the channel itself: non-blocking, waiting on a {@link Selector} per
 * direction, which is how it honours {@link #setSoTimeout(int)} (read timeout) and the
 * connect timeout. Everything it opens (channel, selectors) is closed by
 * {@link #close()}, by closing either stream, or, for a socket dropped unclosed, once it
 * is collected. That is the difference to HttpClient 5.6's own Unix-socket adapter, whose
 * streams open a selector each that only closing the stream closes, while HttpClient
 * closes the socket: about six descriptors were left behind per connection.
 * <p>
 * Only the route's own destination (a loopback address on the route's port) goes over the
 * socket. A client that follows a redirect to another host or port connects this socket
 * elsewhere: that connection is an ordinary TCP connection, on a TCP channel that takes
 * the place of the Unix one before anything is sent.
 * <p>
 * The connect is a blocking one: a non-blocking AF_UNIX connect to a socket whose accept
 * queue is full fails at once ({@code EAGAIN}) where a TCP client would wait in the
 * queue. The connect timeout closes the channel when it expires.
 * <p>
 * Over the Unix socket, options that only TCP has ({@code TCP_NODELAY},
 * {@code SO_KEEPALIVE}, {@code SO_REUSEADDR}, urgent data, traffic class) are accepted
 * and ignored, since clients set them on every socket; buffer sizes and {@code SO_LINGER}
 * reach the channel. Over TCP, {@code TCP_NODELAY} and {@code SO_KEEPALIVE} set before
 * the connect are applied to the TCP channel.
 */
final class UnixChannelSocket extends Socket {

	private static final Cleaner CLEANER = Cleaner.create();

	private final UnixRoute route;

	private final Resources resources;

	private final Cleaner.Cleanable closeWhenCollected;

	private final InputStream input = new ChannelInputStream();

	private final OutputStream output = new ChannelOutputStream();

	private final Object readLock = new Object();

	private final Object writeLock = new Object();

	private volatile int soTimeout;

	private volatile @Nullable InetSocketAddress remote;

	private volatile boolean inputShutdown;

	private volatile boolean outputShutdown;

	private volatile boolean tcpNoDelay;

	private volatile boolean keepAlive;

	UnixChannelSocket(UnixRoute route) throws IOException {
		super((SocketImpl) null);
		this.route = route;
		this.resources = new Resources(SocketChannel.open(StandardProtocolFamily.UNIX));
		this.closeWhenCollected = CLEANER.register(this, this.resources);
	}

	@Override
	public void connect(SocketAddress endpoint) throws IOException {
		connect(endpoint, 0);
	}

	/**
	 * Connects to the route's socket, or over TCP where the destination is not the
	 * route's.
	 * @param endpoint the TCP destination the client asked for; answered by
	 * {@link #getRemoteSocketAddress()} afterwards
	 * @param timeout the connect timeout in milliseconds, {@code 0} for none
	 */
	@Override
	public void connect(SocketAddress endpoint, int timeout) throws IOException {
		if (!(endpoint instanceof InetSocketAddress inet)) {
			throw new IllegalArgumentException("Unsupported address type: " + endpoint);
		}
		if (timeout < 0) {
			throw new IllegalArgumentException("Timeout can't be negative");
		}
		if (isConnected()) {
			throw new SocketException("Already connected");
		}
		checkOpen();
		boolean routed = isRouted(inet);
		try {
			SocketChannel channel = routed ? this.resources.channel : this.resources.replaceWithTcp(inet);
			if (!routed) {
				channel.setOption(StandardSocketOptions.TCP_NODELAY, this.tcpNoDelay);
				channel.setOption(StandardSocketOptions.SO_KEEPALIVE, this.keepAlive);
			}
			connect(channel, routed ? this.route.address() : inet, timeout);
			channel.configureBlocking(false);
		}
		catch (IOException | RuntimeException ex) {
			close();
			if (routed && isMissing(ex)) {
				throw missing(ex);
			}
			throw ex;
		}
		this.remote = inet;
		if (routed) {
			this.route.connectionOpened();
		}
	}

	private boolean isRouted(InetSocketAddress destination) {
		InetAddress address = destination.getAddress();
		return destination.getPort() == this.route.port() && address != null && LoopbackPolicy.isLoopback(address);
	}

	/**
	 * A blocking connect, with the timeout enforced by closing the channel.
	 */
	private void connect(SocketChannel channel, SocketAddress target, int timeout) throws IOException {
		if (timeout == 0) {
			channel.connect(target);
			return;
		}
		AtomicBoolean timedOut = new AtomicBoolean();
		ScheduledFuture<?> expiry = ConnectTimeouts.EXECUTOR.schedule(() -> {
			timedOut.set(true);
			this.resources.run();
		}, timeout, TimeUnit.MILLISECONDS);
		try {
			channel.connect(target);
		}
		catch (IOException ex) {
			if (timedOut.get()) {
				SocketTimeoutException timeoutException = new SocketTimeoutException("Connect timed out: " + target);
				timeoutException.initCause(ex);
				throw timeoutException;
			}
			throw ex;
		}
		finally {
			expiry.cancel(false);
		}
		if (timedOut.get()) {
			throw new SocketTimeoutException("Connect timed out: " + target);
		}
	}

	/**
	 * Whether a failed connect found no socket file. The JDK reports a missing file as a
	 * {@code SocketException} whose message is the OS's, in the OS's language: look at
	 * the path instead.
	 */
	private boolean isMissing(Exception failure) {
		return failure instanceof SocketException && !(failure instanceof SocketTimeoutException)
				&& !(failure instanceof java.net.ConnectException) && !Files.exists(this.route.path());
	}

	private NoSuchFileException missing(Exception cause) {
		NoSuchFileException missing = new NoSuchFileException(this.route.path().toString(), null,
				"no Unix socket at this path");
		missing.initCause(cause);
		return missing;
	}

	@Override
	public void bind(@Nullable SocketAddress bindpoint) throws IOException {
		// An unnamed client socket: there is nothing to bind to that a Unix-domain
		// connection would use.
	}

	@Override
	public @Nullable InetAddress getInetAddress() {
		InetSocketAddress remote = this.remote;
		return (remote != null) ? remote.getAddress() : null;
	}

	@Override
	public InetAddress getLocalAddress() {
		InetSocketAddress remote = this.remote;
		return (remote != null && remote.getAddress() != null) ? remote.getAddress() : InetAddress.getLoopbackAddress();
	}

	@Override
	public int getPort() {
		InetSocketAddress remote = this.remote;
		return (remote != null) ? remote.getPort() : 0;
	}

	@Override
	public int getLocalPort() {
		return isConnected() ? 0 : -1;
	}

	@Override
	public @Nullable SocketAddress getRemoteSocketAddress() {
		return this.remote;
	}

	@Override
	public @Nullable SocketAddress getLocalSocketAddress() {
		return isConnected() ? new InetSocketAddress(getLocalAddress(), 0) : null;
	}

	/**
	 * Returns {@code null}, as a {@code Socket} that was not created by a channel does:
	 * the channel underneath is a Unix-domain one and callers that find a channel expect
	 * it to be the socket's own.
	 * @return {@code null}
	 */
	@Override
	public @Nullable SocketChannel getChannel() {
		return null;
	}

	@Override
	public InputStream getInputStream() throws IOException {
		checkConnected();
		return this.input;
	}

	@Override
	public OutputStream getOutputStream() throws IOException {
		checkConnected();
		return this.output;
	}

	@Override
	public void setTcpNoDelay(boolean on) {
		this.tcpNoDelay = on;
	}

	@Override
	public boolean getTcpNoDelay() {
		return this.tcpNoDelay;
	}

	@Override
	public void setSoLinger(boolean on, int linger) throws SocketException {
		setChannelOption(StandardSocketOptions.SO_LINGER, on ? linger : -1);
	}

	@Override
	public int getSoLinger() throws SocketException {
		return getChannelOption(StandardSocketOptions.SO_LINGER);
	}

	@Override
	public void sendUrgentData(int data) throws IOException {
		throw new SocketException("Urgent data is not supported on a Unix-domain socket");
	}

	@Override
	public void setOOBInline(boolean on) {
	}

	@Override
	public boolean getOOBInline() {
		return false;
	}

	@Override
	public void setSoTimeout(int timeout) throws SocketException {
		if (timeout < 0) {
			throw new IllegalArgumentException("timeout < 0");
		}
		checkOpen();
		this.soTimeout = timeout;
	}

	@Override
	public int getSoTimeout() throws SocketException {
		checkOpen();
		return this.soTimeout;
	}

	@Override
	public void setSendBufferSize(int size) throws SocketException {
		setChannelOption(StandardSocketOptions.SO_SNDBUF, size);
	}

	@Override
	public int getSendBufferSize() throws SocketException {
		return getChannelOption(StandardSocketOptions.SO_SNDBUF);
	}

	@Override
	public void setReceiveBufferSize(int size) throws SocketException {
		setChannelOption(StandardSocketOptions.SO_RCVBUF, size);
	}

	@Override
	public int getReceiveBufferSize() throws SocketException {
		return getChannelOption(StandardSocketOptions.SO_RCVBUF);
	}

	@Override
	public void setKeepAlive(boolean on) {
		this.keepAlive = on;
	}

	@Override
	public boolean getKeepAlive() {
		return this.keepAlive;
	}

	@Override
	public void setTrafficClass(int tc) {
	}

	@Override
	public int getTrafficClass() {
		return 0;
	}

	@Override
	public void setReuseAddress(boolean on) {
	}

	@Override
	public boolean getReuseAddress() {
		return false;
	}

	@Override
	public void close() throws IOException {
		// Unregisters the cleaner and closes the channel and selectors, once.
		this.closeWhenCollected.clean();
	}

	@Override
	public void shutdownInput() throws IOException {
		checkConnected();
		channel().shutdownInput();
		this.inputShutdown = true;
	}

	@Override
	public void shutdownOutput() throws IOException {
		checkConnected();
		channel().shutdownOutput();
		this.outputShutdown = true;
	}

	@Override
	public boolean isConnected() {
		return this.remote != null;
	}

	@Override
	public boolean isBound() {
		return isConnected();
	}

	@Override
	public boolean isClosed() {
		return !this.resources.channel.isOpen();
	}

	@Override
	public boolean isInputShutdown() {
		return this.inputShutdown;
	}

	@Override
	public boolean isOutputShutdown() {
		return this.outputShutdown;
	}

	@Override
	public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
	}

	@Override
	public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
		if (supportedOptions().contains(name)) {
			channel().setOption(name, value);
		}
		return this;
	}

	@Override
	public <T> T getOption(SocketOption<T> name) throws IOException {
		if (!supportedOptions().contains(name)) {
			throw new UnsupportedOperationException("'" + name + "' not supported");
		}
		return channel().getOption(name);
	}

	@Override
	public Set<SocketOption<?>> supportedOptions() {
		return this.resources.channel.supportedOptions();
	}

	@Override
	public String toString() {
		return "UnixChannelSocket[path=" + this.route.path() + ", remote=" + this.remote
				+ (isClosed() ? ", closed]" : "]");
	}

	private SocketChannel channel() throws SocketException {
		checkOpen();
		return this.resources.channel;
	}

	private void checkOpen() throws SocketException {
		if (isClosed()) {
			throw new SocketException("Socket is closed");
		}
	}

	private void checkConnected() throws SocketException {
		checkOpen();
		if (!isConnected()) {
			throw new SocketException("Socket is not connected");
		}
	}

	private <T> void setChannelOption(SocketOption<T> option, T value) throws SocketException {
		try {
			channel().setOption(option, value);
		}
		catch (SocketException ex) {
			throw ex;
		}
		catch (IOException ex) {
			throw new SocketException(ex.getMessage());
		}
	}

	private <T> T getChannelOption(SocketOption<T> option) throws SocketException {
		try {
			return channel().getOption(option);
		}
		catch (SocketException ex) {
			throw ex;
		}
		catch (IOException ex) {
			throw new SocketException(ex.getMessage());
		}
	}

	/**
	 * Waits until the selector's one key is ready.
	 * @param timeout milliseconds, {@code 0} for no limit
	 * @return whether it became ready before the timeout
	 */
	private boolean await(Selector selector, int timeout) throws IOException {
		long deadline = (timeout > 0) ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout) : 0;
		try {
			while (true) {
				long wait = 0;
				if (timeout > 0) {
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						return false;
					}
					// Rounded up: a timeout never ends early.
					wait = (left + 999_999) / 1_000_000;
				}
				int ready = selector.select(wait);
				checkOpen();
				if (ready > 0) {
					selector.selectedKeys().clear();
					return true;
				}
			}
		}
		catch (ClosedSelectorException | CancelledKeyException ex) {
			throw new SocketException("Socket closed");
		}
	}

	private final class ChannelInputStream extends InputStream {

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int read = read(one, 0, 1);
			return (read < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			Objects.checkFromIndexSize(offset, length, bytes.length);
			if (length == 0) {
				return 0;
			}
			if (UnixChannelSocket.this.inputShutdown) {
				return -1;
			}
			ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
			synchronized (UnixChannelSocket.this.readLock) {
				SocketChannel channel = channel();
				int read = read(channel, buffer);
				if (read != 0) {
					return read;
				}
				Selector selector = UnixChannelSocket.this.resources.selector(SelectionKey.OP_READ);
				int timeout = UnixChannelSocket.this.soTimeout;
				while (true) {
					if (!await(selector, timeout)) {
						throw new SocketTimeoutException("Read timed out");
					}
					read = read(channel, buffer);
					if (read != 0) {
						return read;
					}
				}
			}
		}

		private static int read(SocketChannel channel, ByteBuffer buffer) throws IOException {
			try {
				return channel.read(buffer);
			}
			catch (ClosedChannelException ex) {
				throw new SocketException("Socket closed");
			}
		}

		@Override
		public int available() throws IOException {
			checkConnected();
			return 0;
		}

		@Override
		public void close() throws IOException {
			UnixChannelSocket.this.close();
		}

	}

	private final class ChannelOutputStream extends OutputStream {

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			Objects.checkFromIndexSize(offset, length, bytes.length);
			ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
			synchronized (UnixChannelSocket.this.writeLock) {
				SocketChannel channel = channel();
				while (buffer.hasRemaining()) {
					int written;
					try {
						written = channel.write(buffer);
					}
					catch (ClosedChannelException ex) {
						throw new SocketException("Socket closed");
					}
					if (written == 0) {
						// Writes block as on a TCP socket: there is no write timeout.
						await(UnixChannelSocket.this.resources.selector(SelectionKey.OP_WRITE), 0);
					}
				}
			}
		}

		@Override
		public void close() throws IOException {
			UnixChannelSocket.this.close();
		}

	}

	/**
	 * The thread that closes channels whose connect timed out: one daemon thread for all
	 * sockets, started on the first connect with a timeout.
	 */
	private static final class ConnectTimeouts {

		static final ScheduledThreadPoolExecutor EXECUTOR;

		static {
			EXECUTOR = new ScheduledThreadPoolExecutor(1, (task) -> {
				Thread thread = new Thread(task, "loopback-fastpath-unix-connect-timeout");
				thread.setDaemon(true);
				return thread;
			});
			EXECUTOR.setRemoveOnCancelPolicy(true);
		}

	}

	/**
	 * The channel and the selectors of a socket, one per kind of wait, opened on first
	 * use; closing closes all of them. Refers to no socket, so that the socket can be
	 * collected.
	 */
	private static final class Resources implements Runnable {

		private volatile SocketChannel channel;

		private @Nullable Selector readSelector;

		private @Nullable Selector writeSelector;

		private boolean closed;

		Resources(SocketChannel channel) {
			this.channel = channel;
		}

		/**
		 * Closes the Unix channel of a socket that has not connected yet and opens a TCP
		 * one in its place.
		 * @param destination where the TCP channel will connect
		 * @return the TCP channel
		 */
		synchronized SocketChannel replaceWithTcp(InetSocketAddress destination) throws IOException {
			if (this.closed) {
				throw new SocketException("Socket closed");
			}
			this.channel.close();
			this.channel = SocketChannel.open((destination.getAddress() instanceof Inet6Address)
					? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
			return this.channel;
		}

		/**
		 * The selector that waits for one operation, registered for it.
		 * @param operation {@code OP_READ} or {@code OP_WRITE}
		 */
		synchronized Selector selector(int operation) throws IOException {
			if (this.closed) {
				throw new SocketException("Socket closed");
			}
			Selector selector = (operation == SelectionKey.OP_READ) ? this.readSelector : this.writeSelector;
			if (selector != null) {
				return selector;
			}
			Selector opened = Selector.open();
			try {
				this.channel.register(opened, operation);
			}
			catch (IOException | RuntimeException ex) {
				opened.close();
				throw ex;
			}
			if (operation == SelectionKey.OP_READ) {
				this.readSelector = opened;
			}
			else {
				this.writeSelector = opened;
			}
			return opened;
		}

		@Override
		public void run() {
			@Nullable Selector[] toClose;
			synchronized (this) {
				this.closed = true;
				toClose = new @Nullable Selector[] { this.readSelector, this.writeSelector };
			}
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// Closed as far as it can be.
			}
			// Closing a selector wakes a thread that waits in it and deregisters the
			// channel, which lets the channel's descriptor be released.
			for (Selector selector : toClose) {
				if (selector != null) {
					try {
						selector.close();
					}
					catch (IOException ex) {
						// Closed as far as it can be.
					}
				}
			}
		}

	}

}
