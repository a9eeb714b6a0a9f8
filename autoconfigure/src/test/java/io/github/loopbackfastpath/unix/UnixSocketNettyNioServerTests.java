package io.github.loopbackfastpath.unix;

import java.nio.file.Path;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reactor Netty on the NIO transport (the JDK's own AF_UNIX support, what Windows and
 * macOS without kqueue use) serves over its Unix socket, and its listener drains, binds
 * and removes its file as {@link UnixSocketServerLifecycleTests} proves on epoll. Runs in
 * the Surefire execution with {@code -Dreactor.netty.native=false}.
 */
@Tag("netty-nio")
@EnabledIfUnixDomainSockets
class UnixSocketNettyNioServerTests {

	@TempDir
	Path dir;

	@Test
	void webFluxOnReactorNettyNioServesOverItsUnixSocket() throws Exception {
		assertThat(System.getProperty("reactor.netty.native")).isEqualTo("false");
		if (OS.LINUX.isCurrentOs()) {
			// NIO is Reactor Netty's only transport elsewhere; here it proves the switch.
			assertThat(Epoll.isAvailable()).as("epoll is there, and not used").isTrue();
		}
		Path socket = this.dir.resolve("app.sock");
		try (ConfigurableApplicationContext context = UnixSocketServerTests.start(UnixSocketServerTests.FluxApp.class,
				WebApplicationType.REACTIVE, socket, UnixSocketServerTests.EXCLUDE_TOMCAT)) {
			UnixSocketServerTests.assertServesOverUnixSocketAndTcp(context, socket, "netty-server");
			UnixSocketServerTests.assertListedAtItsPath(context, socket);
		}
		assertThat(socket).doesNotExist();
	}

	@Test
	void reactorNettyNioDrainsItsUnixSocketWithTheTcpPort() throws Exception {
		UnixSocketServerLifecycleTests.assertDrainsWithTheTcpPort(UnixSocketServerLifecycleTests.FluxApp.class,
				WebApplicationType.REACTIVE, this.dir.resolve("app.sock"), UnixSocketServerTests.EXCLUDE_TOMCAT);
	}

	@Test
	void reactorNettyNioSocketFileAppearsWithItsPermissions() throws Exception {
		UnixSocketServerLifecycleTests.assertAppearsWithItsPermissions(UnixSocketServerLifecycleTests.FluxApp.class,
				WebApplicationType.REACTIVE, this.dir, UnixSocketServerTests.EXCLUDE_TOMCAT);
	}

	@Test
	void reactorNettyNioLeavesAnotherServersSocketAlone() throws Exception {
		UnixSocketServerLifecycleTests.assertLeavesAnotherServersSocketAlone(
				UnixSocketServerLifecycleTests.FluxApp.class, WebApplicationType.REACTIVE, this.dir.resolve("app.sock"),
				UnixSocketServerTests.EXCLUDE_TOMCAT);
	}

}
