package io.github.loopbackfastpath.test;

import java.nio.channels.Channel;

import io.github.loopbackfastpath.handle.SocketHandles;

/**
 * Reads a channel's file descriptor in tests, to compare with what the stand-in saw.
 */
public final class NioHandles {

	private static final SocketHandles HANDLES = SocketHandles.detect();

	private NioHandles() {
	}

	/**
	 * The channel's file descriptor.
	 * @param channel an open JDK channel
	 * @return the descriptor
	 */
	public static long fd(Channel channel) {
		long fd = HANDLES.handleOf(channel);
		if (fd < 0) {
			throw new IllegalStateException("No handle: " + HANDLES.unavailableReason());
		}
		return fd;
	}

}
