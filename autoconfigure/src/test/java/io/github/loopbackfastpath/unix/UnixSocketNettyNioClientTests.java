package io.github.loopbackfastpath.unix;

import java.nio.file.Path;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reactor Netty clients on the NIO transport (the JDK's own AF_UNIX support, what Windows
 * and macOS without kqueue use) follow a route to the Unix-only sidecar. Runs in the
 * Surefire execution with {@code -Dreactor.netty.native=false};
 * {@link UnixSocketClientTests} covers epoll.
 */
@Tag("netty-nio")
@EnabledIfUnixDomainSockets
class UnixSocketNettyNioClientTests {

	@TempDir
	Path dir;

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "[::1]", "localhost" })
	void webClientOnNioReachesTheUnixOnlySidecar(String host) throws Exception {
		assertThat(System.getProperty("reactor.netty.native")).isEqualTo("false");
		UnixSocketClientTests.assertRoutedAndPooled(this.dir, host, "spring.http.clients.reactive.connector=reactor",
				(context) -> {
					WebClient client = context.getBean(WebClient.Builder.class).build();
					return (url) -> client.get().uri(url).retrieve().bodyToMono(String.class).block();
				});
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "[::1]" })
	void restClientOnNioReachesTheUnixOnlySidecar(String host) throws Exception {
		UnixSocketClientTests.assertRoutedAndPooled(this.dir, host, "spring.http.clients.imperative.factory=reactor",
				(context) -> {
					RestClient client = context.getBean(RestClient.Builder.class).build();
					return (url) -> client.get().uri(url).retrieve().body(String.class);
				});
	}

}
