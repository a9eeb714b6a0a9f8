package io.github.loopbackfastpath.autoconfigure;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.actuate.autoconfigure.LoopbackMetricsAutoConfiguration;
import io.github.loopbackfastpath.actuate.metrics.LoopbackFastPathMetrics;
import io.github.loopbackfastpath.client.FastPathClients;
import io.github.loopbackfastpath.client.FastPathRequestFactories;
import io.github.loopbackfastpath.client.autoconfigure.ClientFastPathAutoConfiguration;
import io.github.loopbackfastpath.httpcomponents.FastPathHttpComponentsClients;
import io.github.loopbackfastpath.netty.FastPathNettyChannels;
import io.github.loopbackfastpath.netty.FastPathReactorClients;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bean the starter creates under {@code @ConditionalOnMissingBean} gives way to one
 * the application defines.
 */
class BackOffTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class,
				ClientFastPathAutoConfiguration.class, LoopbackMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("loopback.fastpath.enabled=true");

	static Stream<Arguments> beans() {
		return Stream.of(bean(FastPathOutcomes.class, FastPathOutcomes::new),
				bean(LoopbackFastPath.class, LoopbackFastPath::create),
				bean(FastPathNettyChannels.class, () -> new FastPathNettyChannels(LoopbackFastPath.create())),
				bean(FastPathRequestFactories.class,
						() -> new FastPathRequestFactories(LoopbackFastPath.create(), List.of())),
				bean(FastPathReactorClients.class, () -> new FastPathReactorClients(LoopbackFastPath.create())),
				bean(FastPathHttpComponentsClients.class,
						() -> new FastPathHttpComponentsClients(LoopbackFastPath.create())),
				bean(FastPathClients.class,
						() -> new FastPathClients(new FastPathRequestFactories(LoopbackFastPath.create(), List.of()),
								ClientHttpRequestFactoryBuilder::detect, ClientHttpConnectorBuilder::detect,
								HttpClientSettings::defaults, "webclient")),
				bean(LoopbackFastPathMetrics.class, () -> new LoopbackFastPathMetrics(new FastPathOutcomes())));
	}

	private static <T> Arguments bean(Class<T> type, Supplier<T> supplier) {
		return Arguments.of(type.getSimpleName(), type, supplier);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("beans")
	<T> void backsOffForTheApplicationsBean(String name, Class<T> type, Supplier<T> supplier) {
		T own = supplier.get();
		this.runner.withBean("applications" + name, type, () -> own).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(type);
			assertThat(context.getBean(type)).isSameAs(own);
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("beans")
	<T> void createsItsOwnOtherwise(String name, Class<T> type, Supplier<T> supplier) {
		this.runner.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(type));
	}

}
