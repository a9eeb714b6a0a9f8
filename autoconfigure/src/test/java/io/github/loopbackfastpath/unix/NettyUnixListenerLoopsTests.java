package io.github.loopbackfastpath.unix;

import java.nio.file.Path;

import io.github.loopbackfastpath.test.Curl;
import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Reactor Netty Unix listener runs on the application's
 * {@code ReactorResourceFactory}, as Spring Boot's TCP listener does, not on Reactor
 * Netty's global loops: a request over either is handled on a thread of the application's
 * own loops.
 */
@Tag("unix")
@EnabledIfUnixDomainSockets
class NettyUnixListenerLoopsTests {

	@TempDir
	Path dir;

	@Test
	void theUnixListenerRunsOnTheApplicationsLoops() throws Exception {
		Path socket = this.dir.resolve("app.sock");
		try (ConfigurableApplicationContext context = UnixSocketServerTests.start(OwnLoopsApp.class,
				WebApplicationType.REACTIVE, socket, UnixSocketServerTests.EXCLUDE_TOMCAT)) {
			assertThat(Curl.get(socket, "/thread")).startsWith("app-loop");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class OwnLoopsApp {

		@Bean
		ReactorResourceFactory reactorResourceFactory() {
			ReactorResourceFactory factory = new ReactorResourceFactory();
			factory.setUseGlobalResources(false);
			factory.setLoopResources(LoopResources.create("app-loop", 1, true));
			return factory;
		}

		@Bean
		RouterFunction<ServerResponse> thread() {
			return RouterFunctions.route()
				.GET("/thread", (request) -> ServerResponse.ok().bodyValue(Thread.currentThread().getName()))
				.build();
		}

	}

}
