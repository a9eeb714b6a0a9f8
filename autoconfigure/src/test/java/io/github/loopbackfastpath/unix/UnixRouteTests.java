package io.github.loopbackfastpath.unix;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route passes over a socket file that refused a connection until the file is replaced,
 * a connection succeeds, or its retry time comes (1 s, doubling up to 30 s), so that a
 * sidecar that listens late on the same file is used again.
 */
@Tag("unix")
class UnixRouteTests {

	private static final long SECOND = 1_000_000_000L;

	private final AtomicLong now = new AtomicLong(42 * SECOND);

	private final UnixRoute route = new UnixRoute(15001, Path.of("/run/sidecar.sock"), this.now::get);

	private final UnixRouteAvailability.SocketFile file = new UnixRouteAvailability.SocketFile("inode-1",
			FileTime.fromMillis(1000));

	@Test
	void aRefusingFileIsPassedOverUntilItsRetryTimeWhichDoublesPerRefusal() {
		assertThat(this.route.refusedBefore(this.file)).isFalse();
		this.route.refusedBy(this.file);
		assertThat(this.route.refusedBefore(this.file)).isTrue();
		this.now.addAndGet(SECOND - 1);
		assertThat(this.route.refusedBefore(this.file)).isTrue();
		this.now.addAndGet(1);
		assertThat(this.route.refusedBefore(this.file)).isFalse();
		// Refused again on its retry: twice as long.
		this.route.refusedBy(this.file);
		this.now.addAndGet(2 * SECOND - 1);
		assertThat(this.route.refusedBefore(this.file)).isTrue();
		this.now.addAndGet(1);
		assertThat(this.route.refusedBefore(this.file)).isFalse();
	}

	@Test
	void theRetryTimeStopsGrowingAtThirtySeconds() {
		for (int i = 0; i < 10; i++) {
			this.route.refusedBy(this.file);
		}
		this.now.addAndGet(30 * SECOND - 1);
		assertThat(this.route.refusedBefore(this.file)).isTrue();
		this.now.addAndGet(1);
		assertThat(this.route.refusedBefore(this.file)).isFalse();
	}

	@Test
	void aReplacedFileOrAConnectionEndsIt() {
		this.route.refusedBy(this.file);
		UnixRouteAvailability.SocketFile replaced = new UnixRouteAvailability.SocketFile("inode-2",
				FileTime.fromMillis(2000));
		assertThat(this.route.refusedBefore(replaced)).isFalse();
		assertThat(this.route.refusedBefore(this.file)).isTrue();
		this.route.connectionOpened();
		assertThat(this.route.refusedBefore(this.file)).isFalse();
		// And the backoff starts over.
		this.route.refusedBy(this.file);
		this.now.addAndGet(SECOND);
		assertThat(this.route.refusedBefore(this.file)).isFalse();
	}

}
