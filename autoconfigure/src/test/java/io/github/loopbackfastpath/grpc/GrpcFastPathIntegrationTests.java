package io.github.loopbackfastpath.grpc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.outcome.FastPathOutcome;
import io.github.loopbackfastpath.test.FailureAnalyses;
import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.GrpcEcho;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandIn.Call;
import io.github.loopbackfastpath.test.WsaStandInExtension;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.client.GrpcChannelBuilderCustomizer;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring Boot's gRPC server and client (grpc-netty) in a running application, real gRPC
 * calls over 127.0.0.1 and ::1, with the C stand-in of {@code WSAIoctl}: one call before
 * bind for the listener, one before connect per new client connection, and the status
 * counts equal to them.
 */
@ExtendWith(WsaStandInExtension.class)
class GrpcFastPathIntegrationTests {

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1" })
	void serverListenerAndClientConnectionEachMakeOneCall(String host) {
		// Spring gRPC 1.1 cannot parse an IPv6 literal in spring.grpc.server.address (it
		// falls back to *:9090), so the IPv6 client talks to the wildcard listener, which
		// is dual-stack.
		boolean ipv6 = host.contains(":");
		String address = ipv6 ? "spring.grpc.server.netty.transport=tcp" : "spring.grpc.server.address=" + host;
		try (ConfigurableApplicationContext context = start(address, "spring.grpc.server.port=0")) {
			int port = context.getBean(GrpcServerLifecycle.class).getPort();
			List<Call> listenerCalls = WsaStandIn.calls();
			assertThat(listenerCalls).as("one call, before bind, for the listener")
				.singleElement()
				.satisfies((call) -> {
					assertThat(call.violation()).isEmpty();
					assertThat(call.listening()).isFalse();
					assertThat(WsaStandIn.listeningNow(call.handle())).isTrue();
					assertThat(WsaStandIn.boundPortNow(call.handle())).isEqualTo(port);
				});
			String target = (ipv6 ? "[" + host + "]" : host) + ":" + port;
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel(target);
			assertThat(GrpcEcho.call(channel, "ping")).isEqualTo("echo:ping");
			assertThat(GrpcEcho.call(channel, "again")).isEqualTo("echo:again");
			GrpcEcho echo = context.getBean(GrpcEcho.class);
			List<Call> calls = WsaStandIn.calls();
			assertThat(calls).as("one more call: one HTTP/2 connection carries both RPCs").hasSize(2);
			assertThat(calls.get(1)).satisfies((call) -> {
				assertThat(call.violation()).isEmpty();
				assertThat(call.connected()).as("called before connect").isFalse();
				assertThat(call.family()).isIn(ipv6 ? List.of(10) : List.of(2, 10));
				assertThat(WsaStandIn.boundPortNow(call.handle())).isEqualTo(echo.clientPorts().get(0));
			});
			assertThat(echo.clientPorts()).hasSize(2).containsOnly(echo.clientPorts().get(0));
			LoopbackFastPath fastPath = context.getBean(LoopbackFastPath.class);
			ComponentStats client = fastPath.outcomes().components().get("grpc-client");
			assertThat(client.applied()).isEqualTo(1);
			assertThat(client.notCovered()).isNull();
			assertThat(client.destinations()).containsOnlyKeys(port);
			assertThat(fastPath.outcomes().components().get("grpc-server").applied()).isEqualTo(1);
			assertThat(fastPath.outcomes().listeners()).singleElement().satisfies((listener) -> {
				assertThat(listener.component()).isEqualTo("grpc-server");
				assertThat(listener.outcome().result()).isEqualTo(FastPathOutcome.Result.APPLIED);
				assertThat(listener.address()).isEqualTo((ipv6 ? "[0:0:0:0:0:0:0:0]" : host) + ":" + port);
				assertThat(listener.acceptedConnections()).isEqualTo(1);
			});
		}
	}

	@Test
	void injectedErrorLeavesEveryCallSucceeding() {
		WsaStandIn.failWith(WsaStandIn.WSAEOPNOTSUPP);
		try (ConfigurableApplicationContext context = start("spring.grpc.server.address=127.0.0.1",
				"spring.grpc.server.port=0")) {
			int port = context.getBean(GrpcServerLifecycle.class).getPort();
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("127.0.0.1:" + port);
			for (int i = 0; i < 3; i++) {
				assertThat(GrpcEcho.call(channel, "ping" + i)).isEqualTo("echo:ping" + i);
			}
			LoopbackFastPath fastPath = context.getBean(LoopbackFastPath.class);
			assertThat(fastPath.outcomes().components().get("grpc-client").failures())
				.containsEntry("WSAEOPNOTSUPP (10045)", 1L);
			assertThat(fastPath.outcomes().listeners()).singleElement()
				.satisfies(
						(listener) -> assertThat(listener.outcome().result()).isEqualTo(FastPathOutcome.Result.FAILED));
			assertThat(WsaStandIn.calls()).hasSize(2).allSatisfy((call) -> assertThat(call.violation()).isEmpty());
		}
	}

	@Test
	void failedListenerStopsStartupWithOnFailureFail() {
		WsaStandIn.failWith(WsaStandIn.WSAEOPNOTSUPP);
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> start("spring.grpc.server.address=127.0.0.1", "spring.grpc.server.port=0",
					"loopback.fastpath.on-failure=fail")
				.close())
			.satisfies(
					(ex) -> assertThat(FailureAnalyses.analyze(ex).getDescription()).contains("grpc-server listener on")
						.contains("WSAEOPNOTSUPP (10045)"));
		assertThat(WsaStandIn.calls()).singleElement().satisfies((call) -> {
			assertThat(call.listening()).isFalse();
			assertThat(WsaStandIn.boundPortNow(call.handle())).as("never bound").isNotPositive();
		});
	}

	@Test
	@EnabledIfUnixDomainSockets
	@EnabledOnOs(value = OS.LINUX, disabledReason = "Spring gRPC 1.1 serves a domain-socket-path on epoll only")
	void unixDomainSocketServerAndChannelAreReportedAndWork(@TempDir Path directory) {
		String socket = directory.resolve("grpc.sock").toString();
		try (ConfigurableApplicationContext context = start("spring.grpc.server.netty.domain-socket-path=" + socket,
				"spring.grpc.client.channel.sidecar.target=unix:" + socket)) {
			assertThat(Files.exists(Path.of(socket))).isTrue();
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("sidecar");
			assertThat(GrpcEcho.call(channel, "ping")).isEqualTo("echo:ping");
			assertThat(WsaStandIn.calls()).as("no TCP socket, nothing offered").isEmpty();
			LoopbackFastPath fastPath = context.getBean(LoopbackFastPath.class);
			assertThat(fastPath.outcomes().listeners()).singleElement().satisfies((listener) -> {
				assertThat(listener.component()).isEqualTo("grpc-server");
				assertThat(listener.address()).contains(socket);
				assertThat(listener.outcome().reason()).isEqualTo("unhooked");
				assertThat(listener.note()).contains("not a TCP socket");
			});
			assertThat(fastPath.outcomes().components().get("grpc-client").applied()).isZero();
		}
	}

	@Test
	void inProcessServerIsReportedBesideTheHookedNettyServer() {
		try (ConfigurableApplicationContext context = start("spring.grpc.server.address=127.0.0.1",
				"spring.grpc.server.port=0", "spring.grpc.server.inprocess.name=local")) {
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("in-process:local");
			assertThat(GrpcEcho.call(channel, "ping")).isEqualTo("echo:ping");
			assertThat(WsaStandIn.calls()).as("the Netty listener only")
				.singleElement()
				.satisfies((call) -> assertThat(call.violation()).isEmpty());
			List<FastPathListener> listeners = context.getBean(LoopbackFastPath.class).outcomes().listeners();
			assertThat(listeners).hasSize(2)
				.allSatisfy((listener) -> assertThat(listener.component()).isEqualTo("grpc-server"));
			assertThat(listeners).filteredOn((listener) -> listener.address().startsWith("127.0.0.1:"))
				.singleElement()
				.satisfies((listener) -> assertThat(listener.outcome().result())
					.isEqualTo(FastPathOutcome.Result.APPLIED));
			assertThat(listeners).filteredOn((listener) -> listener.address().contains("local"))
				.singleElement()
				.satisfies((listener) -> {
					assertThat(listener.outcome().reason()).isEqualTo("unhooked");
					assertThat(listener.note()).contains("in-process");
				});
			assertThat(context.getBean(LoopbackFastPath.class).outcomes().components().get("grpc-client").applied())
				.isZero();
		}
		assertThat(WsaStandIn.calls()).hasSize(1);
	}

	@Test
	void listenerIsReportedAsPlatformUnsupportedWhereThereIsNoFastPath() {
		WsaStandIn.uninstall();
		try (ConfigurableApplicationContext context = start("spring.grpc.server.address=127.0.0.1",
				"spring.grpc.server.port=0")) {
			int port = context.getBean(GrpcServerLifecycle.class).getPort();
			ManagedChannel channel = context.getBean(GrpcChannelFactory.class).createChannel("127.0.0.1:" + port);
			assertThat(GrpcEcho.call(channel, "ping")).isEqualTo("echo:ping");
			List<FastPathListener> listeners = context.getBean(LoopbackFastPath.class).outcomes().listeners();
			assertThat(listeners).singleElement().satisfies((listener) -> {
				assertThat(listener.address()).isEqualTo("127.0.0.1:" + port);
				assertThat(listener.outcome().reason()).isEqualTo("platform-unsupported");
			});
		}
		assertThat(WsaStandIn.calls()).isEmpty();
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(GrpcApp.class).web(WebApplicationType.NONE)
			.properties("loopback.fastpath.enabled=true")
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class GrpcApp {

		@Bean
		GrpcEcho grpcEcho() {
			return new GrpcEcho();
		}

		/**
		 * Spring gRPC builds a {@code unix:} channel with
		 * {@code NettyChannelBuilder.forAddress}, which ignores the channel's credentials
		 * and defaults to TLS; the application asks for plaintext itself.
		 */
		@Bean
		GrpcChannelBuilderCustomizer<NettyChannelBuilder> plaintextSidecar() {
			return GrpcChannelBuilderCustomizer.matching("sidecar", (builder) -> builder.usePlaintext());
		}

	}

}
