package io.github.loopbackfastpath.handle;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SocketHandlesTests {

	private final SocketHandles handles = SocketHandles.detect();

	@Test
	void readsDistinctHandlesOfOpenChannels() throws IOException {
		assertThat(this.handles.isAvailable()).isTrue();
		assertThat(this.handles.unavailableReason()).isNull();
		try (SocketChannel client = SocketChannel.open(); ServerSocketChannel server = ServerSocketChannel.open()) {
			long clientHandle = this.handles.handleOf(client);
			long serverHandle = this.handles.handleOf(server);
			assertThat(clientHandle).isGreaterThan(2);
			assertThat(serverHandle).isGreaterThan(2).isNotEqualTo(clientHandle);
		}
	}

	@Test
	void closedChannelHasNoHandle() throws IOException {
		SocketChannel client = SocketChannel.open();
		client.close();
		assertThat(this.handles.handleOf(client)).isEqualTo(-1);
	}

}
