package io.github.loopbackfastpath.autoconfigure;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.github.loopbackfastpath.test.TestPaths;
import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.actuate.LoopbackEndpoint;
import io.github.loopbackfastpath.actuate.autoconfigure.LoopbackEndpointAutoConfiguration;
import io.github.loopbackfastpath.actuate.autoconfigure.LoopbackMetricsAutoConfiguration;
import io.github.loopbackfastpath.actuate.metrics.LoopbackFastPathMetrics;
import io.github.loopbackfastpath.actuate.metrics.UnixSocketMetrics;
import io.github.loopbackfastpath.client.FastPathClientLibrary;
import io.github.loopbackfastpath.client.FastPathClients;
import io.github.loopbackfastpath.client.FastPathRequestFactories;
import io.github.loopbackfastpath.client.HttpComponentsClientLibrary;
import io.github.loopbackfastpath.client.ReactorNettyClientLibrary;
import io.github.loopbackfastpath.client.autoconfigure.ClientFastPathAutoConfiguration;
import io.github.loopbackfastpath.client.autoconfigure.HttpServiceGroupFastPathAutoConfiguration;
import io.github.loopbackfastpath.grpc.FastPathGrpcTransports;
import io.github.loopbackfastpath.grpc.autoconfigure.GrpcFastPathAutoConfiguration;
import io.github.loopbackfastpath.httpcomponents.FastPathHttpComponentsClients;
import io.github.loopbackfastpath.netty.FastPathNettyChannels;
import io.github.loopbackfastpath.netty.FastPathReactorClients;
import io.github.loopbackfastpath.netty.autoconfigure.NettyServerFastPathAutoConfiguration;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.test.GrpcEcho;
import io.github.loopbackfastpath.tomcat.autoconfigure.TomcatFastPathAutoConfiguration;
import io.github.loopbackfastpath.tomcat.autoconfigure.TomcatFastPathCustomizer;
import io.github.loopbackfastpath.unix.netty.NettyUnixSocketServer;
import io.github.loopbackfastpath.unix.httpcomponents.UnixHttpComponentsClients;
import io.github.loopbackfastpath.unix.netty.UnixNettyChannels;
import io.github.loopbackfastpath.unix.netty.UnixReactorNettyClients;
import io.github.loopbackfastpath.unix.UnixSocketClients;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.github.loopbackfastpath.unix.autoconfigure.UnixSocketAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.apache.catalina.startup.Tomcat;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.service.ReactiveHttpServiceClientAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every optional library is absent for some application: with each one hidden, the
 * application context starts, the integrations that need it are not configured, and the
 * status says what is (not) covered. The conditions are checked here the way Spring Boot
 * checks its own; {@code AbsentLibraryApplicationTests} and the classpath matrix start
 * real applications without the libraries.
 */
class OptionalDependencyTests {

	// Package-private auto-configured types, by name.
	private static final Class<?> GRPC_CLIENT_FACTORY_REPORT = type(
			"io.github.loopbackfastpath.grpc.autoconfigure.GrpcClientFactoryReport");

	private static final Class<?> GRPC_CLIENT_FAST_PATH_CUSTOMIZER = type(
			"io.github.loopbackfastpath.grpc.autoconfigure.GrpcClientFastPathCustomizer");

	private static final Class<?> GRPC_SERVER_FAST_PATH = type(
			"io.github.loopbackfastpath.grpc.autoconfigure.GrpcServerFastPath");

	private static final Class<?> GRPC_SERVER_LISTENER_REPORT = type(
			"io.github.loopbackfastpath.grpc.autoconfigure.GrpcServerListenerReport");

	private static final Class<?> REST_CLIENT_GROUPS_FAST_PATH = type(
			"io.github.loopbackfastpath.client.autoconfigure.RestClientGroupsFastPath");

	private static final Class<?> TOMCAT_UNIX_SOCKET_CUSTOMIZER = type(
			"io.github.loopbackfastpath.unix.autoconfigure.TomcatUnixSocketCustomizer");

	private static final Class<?> WEB_CLIENT_GROUPS_FAST_PATH = type(
			"io.github.loopbackfastpath.client.autoconfigure.WebClientGroupsFastPath");

	private static final Class<?> WEB_CLIENT_GROUP_CONNECTORS = type(
			"io.github.loopbackfastpath.client.autoconfigure.WebClientGroupConnectors");

	private static final String WEBCLIENT_POST_PROCESSOR = "webClientBuilderFastPathPostProcessor";

	private static final String RESTCLIENT_POST_PROCESSOR = "restClientBuilderFastPathPostProcessor";

	private static final String RESTTEMPLATE_POST_PROCESSOR = "restTemplateBuilderFastPathPostProcessor";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class,
				TomcatFastPathAutoConfiguration.class, NettyServerFastPathAutoConfiguration.class,
				ClientFastPathAutoConfiguration.class, LoopbackEndpointAutoConfiguration.class,
				LoopbackMetricsAutoConfiguration.class, EndpointAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class, RestTemplateAutoConfiguration.class,
				WebClientAutoConfiguration.class))
		.withPropertyValues("loopback.fastpath.enabled=true", "management.endpoints.web.exposure.include=loopback");

	/**
	 * The runner above with the AF_UNIX transport (a route and a server path), Spring
	 * Boot's gRPC client and server, and an HTTP service group.
	 */
	private final WebApplicationContextRunner transports = this.runner
		.withConfiguration(AutoConfigurations.of(UnixSocketAutoConfiguration.class, SslAutoConfiguration.class,
				GrpcClientAutoConfiguration.class, GrpcServerAutoConfiguration.class,
				GrpcFastPathAutoConfiguration.class, HttpServiceClientPropertiesAutoConfiguration.class,
				HttpServiceClientAutoConfiguration.class, ReactiveHttpServiceClientAutoConfiguration.class,
				HttpServiceGroupFastPathAutoConfiguration.class))
		.withUserConfiguration(Groups.class)
		.withBean(GrpcEcho.class)
		.withPropertyValues(
				"loopback.fastpath.unix.routes.15001=" + TestPaths.absolute("run", "envoy", "outbound.sock"),
				"spring.http.serviceclient.sidecar.base-url=http://127.0.0.1:3500",
				"spring.grpc.server.address=127.0.0.1", "spring.grpc.server.port=0");

	@TempDir
	Path dir;

	@Test
	void everythingPresent() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(ReactorNettyClientLibrary.class)
				.hasSingleBean(HttpComponentsClientLibrary.class)
				.hasSingleBean(FastPathNettyChannels.class)
				.hasSingleBean(TomcatFastPathCustomizer.class)
				.hasSingleBean(LoopbackEndpoint.class)
				.hasSingleBean(LoopbackFastPathMetrics.class)
				.hasSingleBean(UnhookedWebServerReport.class)
				.hasBean(WEBCLIENT_POST_PROCESSOR)
				.hasBean(RESTCLIENT_POST_PROCESSOR)
				.hasBean(RESTTEMPLATE_POST_PROCESSOR);
		});
	}

	@Test
	void withoutReactorNetty() {
		this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class)).run(coreStarts((context) -> {
			assertThat(context).doesNotHaveBean(FastPathReactorClients.class)
				.doesNotHaveBean(ReactorNettyClientLibrary.class)
				.hasSingleBean(HttpComponentsClientLibrary.class);
			// RestClient falls to Apache HttpClient, which is still covered.
			context.getBean(RestClient.Builder.class).build();
			assertThat(component(context, ClientFastPathAutoConfiguration.RESTCLIENT).notCovered()).isNull();
		}));
	}

	@Test
	void withoutNetty() {
		this.runner.withClassLoader(new FilteredClassLoader(NioSocketChannel.class, HttpClient.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(FastPathNettyChannels.class)
				.doesNotHaveBean(FastPathReactorClients.class)
				.doesNotHaveBean(NettyServerFastPathAutoConfiguration.class)));
	}

	@Test
	void withoutApacheHttpClient() {
		this.runner.withClassLoader(new FilteredClassLoader(HttpClients.class)).run(coreStarts((context) -> {
			assertThat(context).doesNotHaveBean(FastPathHttpComponentsClients.class)
				.doesNotHaveBean(HttpComponentsClientLibrary.class)
				.hasSingleBean(ReactorNettyClientLibrary.class);
			context.getBean(RestClient.Builder.class).build();
			assertThat(component(context, ClientFastPathAutoConfiguration.RESTCLIENT).notCovered()).isNull();
		}));
	}

	@Test
	void withApacheHttpClientOlderThan54() {
		// HttpClient 5.1-5.3 have HttpClients but not the socket classes the
		// starter hooks.
		this.runner.withClassLoader(new FilteredClassLoader(DetachedSocketFactory.class))
			.withPropertyValues("spring.http.clients.imperative.factory=http-components")
			.run(coreStarts((context) -> {
				assertThat(context).doesNotHaveBean(FastPathHttpComponentsClients.class)
					.doesNotHaveBean(HttpComponentsClientLibrary.class);
				context.getBean(RestClient.Builder.class).build();
				assertThat(component(context, ClientFastPathAutoConfiguration.RESTCLIENT).notCovered())
					.startsWith("HttpComponentsClientHttpRequestFactoryBuilder: ")
					.contains(FastPathRequestFactories.NOT_COVERED);
			}));
	}

	@Test
	void withNeitherReactorNettyNorApacheHttpClient() {
		this.runner.withClassLoader(new FilteredClassLoader(HttpClient.class, HttpClients.class))
			.run(coreStarts((context) -> {
				assertThat(context).doesNotHaveBean(FastPathClientLibrary.class).hasSingleBean(FastPathClients.class);
				context.getBean(RestClient.Builder.class).build();
				assertThat(component(context, ClientFastPathAutoConfiguration.RESTCLIENT).notCovered())
					.contains(FastPathRequestFactories.NOT_COVERED);
			}));
	}

	@Test
	void withoutTomcat() {
		this.runner.withClassLoader(new FilteredClassLoader(Tomcat.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(TomcatFastPathCustomizer.class)));
	}

	@Test
	void withTomcatButWithoutSpringBootTomcat() {
		this.runner.withClassLoader(new FilteredClassLoader(TomcatWebServerFactory.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(TomcatFastPathCustomizer.class)));
	}

	@Test
	void withoutWebFlux() {
		this.runner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(WEBCLIENT_POST_PROCESSOR)
				.hasBean(RESTCLIENT_POST_PROCESSOR)));
	}

	@Test
	void withoutSpringBootRestClient() {
		this.runner.withClassLoader(new FilteredClassLoader(RestTemplateBuilder.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(RESTTEMPLATE_POST_PROCESSOR)
				.hasBean(WEBCLIENT_POST_PROCESSOR)));
	}

	@Test
	void withoutSpringBootHttpClient() {
		this.runner.withClassLoader(new FilteredClassLoader(ClientHttpRequestFactoryBuilder.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(FastPathClients.class)
				.doesNotHaveBean(FastPathRequestFactories.class)
				.doesNotHaveBean(FastPathClientLibrary.class)
				.doesNotHaveBean(RESTCLIENT_POST_PROCESSOR)
				.doesNotHaveBean(WEBCLIENT_POST_PROCESSOR)
				.doesNotHaveBean(RESTTEMPLATE_POST_PROCESSOR)));
	}

	@Test
	void withoutSpringBootWebServer() {
		this.runner.withClassLoader(new FilteredClassLoader(WebServerInitializedEvent.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(UnhookedWebServerReport.class)));
	}

	@Test
	void withoutActuator() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(LoopbackEndpoint.class)));
	}

	@Test
	void withoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run(coreStarts((context) -> assertThat(context).doesNotHaveBean(LoopbackFastPathMetrics.class)
				.hasSingleBean(LoopbackEndpoint.class)));
	}

	@Test
	void transportGrpcAndServiceGroupsPresent() {
		this.transports.withPropertyValues(serverPath()).run(coreStarts((context) -> {
			assertThat(context).hasSingleBean(UnixSocketTransport.class)
				.hasSingleBean(UnixSocketClients.class)
				.hasSingleBean(UnixReactorNettyClients.class)
				.hasSingleBean(UnixHttpComponentsClients.class)
				.hasSingleBean(UnixNettyChannels.class)
				.hasSingleBean(TOMCAT_UNIX_SOCKET_CUSTOMIZER)
				.hasSingleBean(UnixSocketMetrics.class)
				.hasSingleBean(FastPathGrpcTransports.class)
				.hasSingleBean(GRPC_CLIENT_FACTORY_REPORT)
				.hasSingleBean(GRPC_CLIENT_FAST_PATH_CUSTOMIZER)
				.hasSingleBean(GRPC_SERVER_FAST_PATH)
				.hasSingleBean(GRPC_SERVER_LISTENER_REPORT)
				.hasSingleBean(REST_CLIENT_GROUPS_FAST_PATH)
				.hasSingleBean(WEB_CLIENT_GROUPS_FAST_PATH)
				.hasSingleBean(WEB_CLIENT_GROUP_CONNECTORS);
		}));
	}

	/**
	 * Each optional type that the AF_UNIX, gRPC and HTTP service group
	 * auto-configurations name in a condition, hidden on its own: the application starts,
	 * only what needs the type is missing. ({@code WebClientAutoConfiguration} comes in
	 * the jar of {@code WebClientCustomizer}, hidden here.)
	 */
	static Stream<Arguments> transportGrpcAndServiceGroupTypes() {
		List<Class<?>> unixClients = List.of(UnixSocketClients.class, UnixReactorNettyClients.class,
				UnixHttpComponentsClients.class);
		List<Class<?>> grpcNetty = List.of(FastPathGrpcTransports.class, GRPC_CLIENT_FAST_PATH_CUSTOMIZER,
				GRPC_SERVER_FAST_PATH);
		List<Class<?>> grpcClient = List.of(GRPC_CLIENT_FACTORY_REPORT, GRPC_CLIENT_FAST_PATH_CUSTOMIZER);
		List<Class<?>> grpcServer = List.of(GRPC_SERVER_LISTENER_REPORT, GRPC_SERVER_FAST_PATH);
		List<Class<?>> groups = List.of(REST_CLIENT_GROUPS_FAST_PATH, WEB_CLIENT_GROUPS_FAST_PATH);
		List<Class<?>> webClientGroups = List.of(WEB_CLIENT_GROUPS_FAST_PATH, WEB_CLIENT_GROUP_CONNECTORS);
		return Stream.of(
				hidden("io.netty.channel.socket.nio.NioDomainSocketChannel", List.of(UnixNettyChannels.class),
						List.of(UnixSocketTransport.class, UnixHttpComponentsClients.class)),
				hidden("org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder", unixClients,
						List.of(UnixSocketTransport.class)),
				hidden("reactor.netty.http.client.HttpClient", List.of(UnixReactorNettyClients.class),
						List.of(UnixHttpComponentsClients.class)),
				hidden("org.apache.hc.client5.http.impl.classic.HttpClients", List.of(UnixHttpComponentsClients.class),
						List.of(UnixReactorNettyClients.class)),
				hidden("org.apache.hc.client5.http.io.DetachedSocketFactory", List.of(UnixHttpComponentsClients.class),
						List.of(UnixReactorNettyClients.class)),
				hidden("org.apache.hc.client5.http.ssl.TlsSocketStrategy", List.of(UnixHttpComponentsClients.class),
						List.of(UnixReactorNettyClients.class)),
				hidden("org.springframework.boot.tomcat.TomcatWebServerFactory", List.of(TOMCAT_UNIX_SOCKET_CUSTOMIZER),
						List.of(UnixSocketTransport.class)),
				hidden("org.apache.coyote.http11.Http11NioProtocol", List.of(TOMCAT_UNIX_SOCKET_CUSTOMIZER),
						List.of(UnixSocketTransport.class)),
				hidden("io.grpc.Grpc",
						List.of(FastPathGrpcTransports.class, GRPC_CLIENT_FACTORY_REPORT, GRPC_SERVER_LISTENER_REPORT),
						List.of(UnixSocketTransport.class)),
				hidden("org.springframework.boot.grpc.client.autoconfigure.GrpcChannelFactoryCustomizer",
						List.of(GRPC_CLIENT_FACTORY_REPORT), List.of(GRPC_CLIENT_FAST_PATH_CUSTOMIZER)),
				hidden("org.springframework.boot.grpc.client.autoconfigure.GrpcClientProperties", grpcClient,
						List.of(GRPC_SERVER_FAST_PATH)),
				hidden("org.springframework.grpc.client.GrpcChannelBuilderCustomizer", grpcClient,
						List.of(GRPC_SERVER_FAST_PATH)),
				hidden("org.springframework.grpc.server.lifecycle.GrpcServerLifecycleEvent",
						List.of(GRPC_SERVER_LISTENER_REPORT), List.of(GRPC_CLIENT_FAST_PATH_CUSTOMIZER)),
				hidden("org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties", grpcServer,
						List.of(GRPC_CLIENT_FAST_PATH_CUSTOMIZER)),
				hidden("org.springframework.grpc.server.ServerBuilderCustomizer", List.of(GRPC_SERVER_FAST_PATH),
						List.of(GRPC_CLIENT_FAST_PATH_CUSTOMIZER)),
				hidden("io.grpc.netty.NettyServerBuilder", List.of(GRPC_SERVER_FAST_PATH),
						List.of(GRPC_CLIENT_FAST_PATH_CUSTOMIZER)),
				hidden("io.grpc.netty.NettyChannelBuilder", grpcNetty, List.of(GRPC_CLIENT_FACTORY_REPORT)),
				hidden("io.netty.channel.MultiThreadIoEventLoopGroup", grpcNetty, List.of(GRPC_CLIENT_FACTORY_REPORT)),
				hidden("io.netty.channel.nio.NioIoHandler", grpcNetty, List.of(GRPC_CLIENT_FACTORY_REPORT)),
				hidden("org.springframework.web.service.registry.HttpServiceProxyRegistry", groups,
						List.of(UnixSocketTransport.class)),
				hidden("org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties", groups,
						List.of(UnixSocketTransport.class)),
				hidden("org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer",
						List.of(REST_CLIENT_GROUPS_FAST_PATH), List.of(UnixSocketTransport.class)),
				hidden("org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer",
						webClientGroups, List.of(REST_CLIENT_GROUPS_FAST_PATH)),
				hidden("org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder", webClientGroups,
						List.of(REST_CLIENT_GROUPS_FAST_PATH)),
				hidden("org.springframework.boot.webclient.WebClientCustomizer", webClientGroups,
						List.of(REST_CLIENT_GROUPS_FAST_PATH)));
	}

	@ParameterizedTest(name = "without {0}")
	@MethodSource("transportGrpcAndServiceGroupTypes")
	void withoutAnOptionalTypeOfTheTransportGrpcOrServiceGroups(String hidden, List<Class<?>> absent,
			List<Class<?>> present) {
		this.transports.withPropertyValues(serverPath())
			.withClassLoader(new FilteredClassLoader((name) -> name.equals(hidden)))
			.run(coreStarts((context) -> {
				absent.forEach((type) -> assertThat(context).doesNotHaveBean(type));
				present.forEach((type) -> assertThat(context).hasSingleBean(type));
			}));
	}

	@ParameterizedTest(name = "reactive, without {0}")
	@MethodSource("reactiveServerTypes")
	void reactiveServerWithoutAnOptionalTypeOfTheTransport(Class<?> hidden) {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class, UnixSocketAutoConfiguration.class))
			.withPropertyValues("loopback.fastpath.enabled=true", serverPath())
			.withClassLoader(new FilteredClassLoader(hidden))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(UnixSocketTransport.class)
				.doesNotHaveBean(NettyUnixSocketServer.class));
	}

	static Stream<Class<?>> reactiveServerTypes() {
		return Stream.of(NettyReactiveWebServerFactory.class, reactor.netty.http.server.HttpServer.class);
	}

	private static Arguments hidden(String type, List<Class<?>> absent, List<Class<?>> present) {
		return Arguments.of(type, absent, present);
	}

	/**
	 * A type of the starter by name: many of its auto-configured types are
	 * package-private.
	 */
	private static Class<?> type(String name) {
		try {
			return Class.forName(name);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String serverPath() {
		return "loopback.fastpath.unix.server.path=" + this.dir.resolve("app.sock");
	}

	private static ContextConsumer<AssertableWebApplicationContext> coreStarts(
			ContextConsumer<AssertableWebApplicationContext> then) {
		return (context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(LoopbackFastPath.class);
			then.accept(context);
		};
	}

	private static ComponentStats component(AssertableWebApplicationContext context, String name) {
		ComponentStats stats = context.getBean(LoopbackFastPath.class).outcomes().components().get(name);
		assertThat(stats).as("component %s in the status", name).isNotNull();
		return stats;
	}

	interface SidecarApi {

		@GetExchange("/")
		String get();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "sidecar", types = SidecarApi.class)
	static class Groups {

	}

}
