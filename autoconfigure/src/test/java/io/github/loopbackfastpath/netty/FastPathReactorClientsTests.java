package io.github.loopbackfastpath.netty;

import java.time.Duration;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.DomainSocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Which loop-resource wrappers {@link FastPathReactorClients} keeps, and which channels
 * they give. Nothing here connects.
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

	/**
	 * Unix-domain channels pass through the wrapper: Reactor Netty 1.3's epoll loops
	 * create them but throw when asked for their class, which the wrapper must not ask.
	 */
	@Test
	@EnabledOnOs(OS.LINUX)
	void unixDomainChannelsComeFromTheLoopsTheyWrap() {
		assumeThat(Epoll.isAvailable()).as("epoll").isTrue();
		LoopResources loops = LoopResources.create("fast-path-test-domain", 1, true);
		try {
			HttpClient client = this.clients.apply(HttpClient.create().runOn(loops, true), "webclient");
			LoopResources wrapped = client.configuration().loopResources();
			EventLoopGroup group = wrapped.onClient(true);
			DomainSocketChannel channel = wrapped.onChannel(DomainSocketChannel.class, group);
			assertThat(channel).isInstanceOf(EpollDomainSocketChannel.class);
			channel.unsafe().closeForcibly();
		}
		finally {
			loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
		}
	}

}
