package io.github.loopbackfastpath.netty;

import java.time.Duration;

import io.github.loopbackfastpath.LoopbackFastPath;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which loop-resource wrappers {@link FastPathReactorClients} keeps. Nothing here
 * connects.
 */
class FastPathReactorClientsTests {

	private final FastPathReactorClients clients = new FastPathReactorClients(LoopbackFastPath.create());

	@Test
	void oneWrapperPerLoopResourcesAndComponentSoThatPoolsAreShared() {
		LoopResources loops = LoopResources.create("fast-path-test", 1, true);
		try {
			HttpClient first = this.clients.apply(HttpClient.create().runOn(loops), "webclient");
			HttpClient second = this.clients.apply(HttpClient.create().runOn(loops), "webclient");
			HttpClient other = this.clients.apply(HttpClient.create().runOn(loops), "restclient");
			assertThat(second.configuration().loopResources()).isSameAs(first.configuration().loopResources());
			assertThat(other.configuration().loopResources()).isNotSameAs(first.configuration().loopResources());
			assertThat(this.clients.apply(first, "webclient")).as("already wrapped").isSameAs(first);
			assertThat(this.clients.wrappers()).isEqualTo(2);
		}
		finally {
			loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
		}
	}

	@Test
	void wrappersOfDisposedLoopResourcesAreDropped() {
		for (int i = 0; i < 3; i++) {
			LoopResources loops = LoopResources.create("fast-path-test-" + i, 1, true);
			HttpClient client = this.clients.apply(HttpClient.create().runOn(loops), "webclient");
			assertThat(client.configuration().loopResources()).isInstanceOf(FastPathLoopResources.class);
			client.configuration()
				.loopResources()
				.disposeLater(Duration.ZERO, Duration.ofSeconds(5))
				.block(Duration.ofSeconds(10));
			assertThat(loops.isDisposed()).isTrue();
		}
		LoopResources live = LoopResources.create("fast-path-test-live", 1, true);
		try {
			this.clients.apply(HttpClient.create().runOn(live), "webclient");
			assertThat(this.clients.wrappers()).isEqualTo(1);
		}
		finally {
			live.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
		}
	}

}
