package io.github.loopbackfastpath.platform.windows;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.outcome.FastPathOutcome;
import io.github.loopbackfastpath.platform.FallbackCounterSource;
import io.github.loopbackfastpath.platform.FastPathPlatforms;
import io.github.loopbackfastpath.platform.PlatformInfo;
import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import io.github.loopbackfastpath.test.LoopbackHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code WSAIoctl(SIO_LOOPBACK_FASTPATH)} of {@code ws2_32.dll}, on real Tomcat,
 * Reactor Netty (NIO, the only transport Reactor Netty has on Windows) and client
 * sockets, over {@code 127.0.0.1} and {@code ::1}. Every socket must end up
 * {@code applied}; where a Windows build refuses the control code, the outcome must name
 * the Winsock error, which the test prints, so a CI log shows what that build does. It
 * also reads the fallback counters and checks that Windows' AF_UNIX sockets work; the
 * Unix-socket transport's own tests (tag {@code unix}) run in the same Windows job.
 * <p>
 * These run only on Windows (the CI workflow's {@code windows-latest} job); everywhere
 * else the C stand-in of {@code WSAIoctl} proves the same calls through the native test
 * seam.
 */
@EnabledOnOs(value = OS.WINDOWS, disabledReason = "makes the real WSAIoctl(SIO_LOOPBACK_FASTPATH) of ws2_32.dll, "
		+ "which exists only on Windows; elsewhere the C stand-in of WSAIoctl proves the same calls")
class RealWinsockTests {

	private static final Pattern WINSOCK_ERROR = Pattern.compile("WSA[A-Z_]+ \\(\\d+\\)|WSA error \\d+");

	private static final String SERVER_APP_PROPERTIES = "spring.reactor.netty.shutdown-quiet-period=0s";

	@BeforeAll
	static void realWinsockNotTheStandIn() {
		assertThat(System.getProperty(FastPathPlatforms.NATIVE_LIBRARY_PROPERTY)).as("the native test seam is off")
			.isNull();
	}

	@Test
	void platformIsWinsockOnAWindowsBuildThatHasTheControlCode() {
		PlatformInfo info = FastPathPlatforms.detect().info();
		System.out.println("Windows platform: " + info);
		assertThat(info.supported()).as(info.reason()).isTrue();
		assertThat(info.mechanism()).isEqualTo("SIO_LOOPBACK_FASTPATH");
		assertThat(info.nativeLibrary()).isEqualTo("ws2_32");
		assertThat(info.windowsBuild()).as("the Windows build in the status").isNotNull().isPositive();
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1" })
	void jdkListeningAndClientSocketsCarryData(String host) throws IOException {
		LoopbackFastPath fastPath = LoopbackFastPath.create();
		InetAddress address = InetAddress.getByName(host);
		ProtocolFamily family = (address instanceof Inet6Address) ? StandardProtocolFamily.INET6
				: StandardProtocolFamily.INET;
		try (ServerSocketChannel server = ServerSocketChannel.open(family);
				SocketChannel client = SocketChannel.open(family)) {
			InetSocketAddress local = new InetSocketAddress(address, 0);
			FastPathOutcome listening = fastPath.beforeBind(server, local, "test-server");
			server.bind(local);
			FastPathOutcome connecting = fastPath.beforeConnect(client, server.getLocalAddress(), "test-client");
			assertThat(client.connect(server.getLocalAddress())).isTrue();
			try (SocketChannel accepted = server.accept()) {
				client.write(ByteBuffer.wrap(new byte[] { 42 }));
				ByteBuffer received = ByteBuffer.allocate(1);
				assertThat(accepted.read(received)).isEqualTo(1);
				assertThat(received.get(0)).isEqualTo((byte) 42);
			}
			assertAppliedOrNamedWinsockError("JDK listening socket on " + host, listening);
			assertAppliedOrNamedWinsockError("JDK client socket to " + host, connecting);
		}
		assertOnlyAppliedOrNamedErrors("test-client", fastPath.outcomes().components().get("test-client"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1" })
	void tomcatListenerAndRestClientToIt(String host) throws IOException {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MvcApp.class)
			.web(WebApplicationType.SERVLET)
			// RestClient on Reactor Netty: the JDK's HttpClient has no socket hook.
			.properties("server.port=0", "loopback.fastpath.enabled=true", SERVER_APP_PROPERTIES,
					"spring.http.clients.imperative.factory=reactor")
			.run()) {
			int port = port(context);
			assertThat(LoopbackHttp.get(bracketed(host), port, "/ping")).isEqualTo("pong");
			RestClient client = context.getBean(RestClient.Builder.class)
				.baseUrl("http://" + authority(host, port))
				.build();
			assertThat(client.get().uri("/ping").retrieve().body(String.class)).isEqualTo("pong");
			LoopbackFastPath fastPath = context.getBean(LoopbackFastPath.class);
			FastPathListener listener = singleListener(fastPath, "tomcat");
			assertAppliedOrNamedWinsockError("Tomcat listener " + listener.address(), listener.outcome());
			ComponentStats restClient = fastPath.outcomes().components().get("restclient");
			assertThat(restClient).as("restclient outcomes").isNotNull();
			assertThat(restClient.applied() + restClient.failed()).as("RestClient connections offered the fast path")
				.isPositive();
			assertOnlyAppliedOrNamedErrors("restclient", restClient);
			printFallbackCounters();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1" })
	void reactorNettyListenerAndWebClientToIt(String host) throws IOException {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(FluxApp.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "loopback.fastpath.enabled=true", SERVER_APP_PROPERTIES,
					"spring.autoconfigure.exclude=org.springframework.boot.tomcat.autoconfigure.reactive."
							+ "TomcatReactiveWebServerAutoConfiguration")
			.run()) {
			int port = port(context);
			assertThat(LoopbackHttp.get(bracketed(host), port, "/ping")).isEqualTo("pong");
			WebClient client = context.getBean(WebClient.Builder.class)
				.baseUrl("http://" + authority(host, port))
				.build();
			assertThat(client.get().uri("/ping").retrieve().bodyToMono(String.class).block()).isEqualTo("pong");
			LoopbackFastPath fastPath = context.getBean(LoopbackFastPath.class);
			FastPathListener listener = singleListener(fastPath, "netty-server");
			assertAppliedOrNamedWinsockError("Reactor Netty listener " + listener.address(), listener.outcome());
			ComponentStats webClient = fastPath.outcomes().components().get("webclient");
			assertThat(webClient).as("webclient outcomes").isNotNull();
			assertThat(webClient.applied() + webClient.failed()).as("WebClient connections offered the fast path")
				.isPositive();
			assertOnlyAppliedOrNamedErrors("webclient", webClient);
			printFallbackCounters();
		}
	}

	@Test
	@EnabledIfUnixDomainSockets
	void afUnixStreamSocketsCarryDataOnThisWindows(@TempDir Path directory) throws IOException {
		// The AF_UNIX sidecar transport needs Windows 10 1803 or later; this shows the
		// runner has it.
		UnixDomainSocketAddress path = UnixDomainSocketAddress.of(directory.resolve("sidecar.sock"));
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
				SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(path);
			assertThat(client.connect(path)).isTrue();
			try (SocketChannel accepted = server.accept()) {
				client.write(ByteBuffer.wrap(new byte[] { 7 }));
				ByteBuffer received = ByteBuffer.allocate(1);
				assertThat(accepted.read(received)).isEqualTo(1);
				assertThat(received.get(0)).isEqualTo((byte) 7);
			}
		}
	}

	@Test
	void fallbackCountersComeFromThePerformanceCounterApi() {
		FallbackCounterSource source = FallbackCounterSource.detect();
		assertThat(source).isInstanceOf(PdhFallbackCounters.class);
		Map<String, Long> counters = printFallbackCounters();
		if (counters != null) {
			assertThat(counters).isNotEmpty().allSatisfy((name, value) -> assertThat(value).as(name).isNotNegative());
		}
	}

	private static Map<String, Long> printFallbackCounters() {
		Map<String, Long> counters = FallbackCounterSource.detect().read();
		System.out.println("TCPIP Performance Diagnostics fallback counters: "
				+ ((counters != null) ? counters : "absent on this Windows build"));
		return counters;
	}

	private static void assertAppliedOrNamedWinsockError(String what, FastPathOutcome outcome) {
		if (outcome.result() == FastPathOutcome.Result.APPLIED) {
			System.out.println(what + ": SIO_LOOPBACK_FASTPATH applied");
			return;
		}
		assertThat(outcome.result()).as(what + " " + outcome).isEqualTo(FastPathOutcome.Result.FAILED);
		assertThat(outcome.reason()).as(what).matches(WINSOCK_ERROR);
		System.out.println(what + ": this Windows build refused SIO_LOOPBACK_FASTPATH with " + outcome.reason());
	}

	private static void assertOnlyAppliedOrNamedErrors(String component, ComponentStats stats) {
		assertThat(stats.skipped()).as(component + " skips " + stats.skips()).isZero();
		assertThat(stats.failures().keySet()).as(component + " failures").allMatch(WINSOCK_ERROR.asPredicate());
		System.out.println(component + ": applied " + stats.applied() + ", failed " + stats.failures());
	}

	private static FastPathListener singleListener(LoopbackFastPath fastPath, String component) {
		List<FastPathListener> listeners = fastPath.outcomes().listeners();
		assertThat(listeners).singleElement()
			.satisfies((listener) -> assertThat(listener.component()).isEqualTo(component));
		return listeners.get(0);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static String bracketed(String host) {
		return host.contains(":") ? "[" + host + "]" : host;
	}

	private static String authority(String host, int port) {
		return bracketed(host) + ":" + port;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@RestController
	static class MvcApp {

		@GetMapping("/ping")
		String ping() {
			return "pong";
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class FluxApp {

		@Bean
		RouterFunction<ServerResponse> ping() {
			return RouterFunctions.route().GET("/ping", (request) -> ServerResponse.ok().bodyValue("pong")).build();
		}

	}

}
