package io.github.loopbackfastpath.unix.netty;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

import io.netty.channel.unix.DomainSocketAddress;
import reactor.netty.resources.LoopResources;

/**
 * The socket address Reactor Netty needs for a Unix socket: Netty's native transports
 * (epoll, kqueue, io_uring) take only their own {@link DomainSocketAddress}, while the
 * NIO transport takes the JDK's {@link UnixDomainSocketAddress} (Java 16+). Netty's type
 * is named only when a native transport is in use, so the NIO path needs nothing beyond
 * Netty's transport jar.
 */
public final class NettyDomainSocketAddresses {

	private NettyDomainSocketAddresses() {
	}

	/**
	 * The address of a socket path for a client or server.
	 * @param path the socket path
	 * @param preferNative whether the client or server prefers a native transport
	 * @return the address its transport connects to or binds
	 */
	public static SocketAddress of(Path path, boolean preferNative) {
		if (preferNative && LoopResources.hasNativeSupport()) {
			return Native.of(path);
		}
		return UnixDomainSocketAddress.of(path);
	}

	private static final class Native {

		static SocketAddress of(Path path) {
			return new DomainSocketAddress(path.toString());
		}

	}

}
