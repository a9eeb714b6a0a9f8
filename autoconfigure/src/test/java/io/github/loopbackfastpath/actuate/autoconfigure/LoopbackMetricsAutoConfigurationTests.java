package io.github.loopbackfastpath.actuate.autoconfigure;

import java.net.InetSocketAddress;

import io.github.loopbackfastpath.test.TestPaths;
import io.github.loopbackfastpath.actuate.metrics.LoopbackFastPathMetrics;
import io.github.loopbackfastpath.actuate.metrics.UnixSocketMetrics;
import io.github.loopbackfastpath.autoconfigure.LoopbackFastPathAutoConfiguration;
import io.github.loopbackfastpath.outcome.FastPathOutcome;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.github.loopbackfastpath.unix.autoconfigure.UnixSocketAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class LoopbackMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class,
				LoopbackMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class));

	@Test
	void isAbsentWhenTheFastPathIsNotEnabled() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(MeterRegistry.class);
			assertThat(context).doesNotHaveBean(LoopbackFastPathMetrics.class);
		});
	}

	@Test
	void isAbsentWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class,
					LoopbackMetricsAutoConfiguration.class))
			.withPropertyValues("loopback.fastpath.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(LoopbackFastPathMetrics.class));
	}

	@Test
	void bindsTheOutcomesToTheRegistry() {
		this.runner.withPropertyValues("loopback.fastpath.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(LoopbackFastPathMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(FastPathOutcomes.class)
				.record("restclient", new InetSocketAddress("127.0.0.1", 3500), FastPathOutcome.applied(), true);
			assertThat(registry.get(LoopbackFastPathMetrics.SOCKETS)
				.tags("component", "restclient", "outcome", "applied", "reason", "none")
				.functionCounter()
				.count()).isEqualTo(1);
			assertThat(registry.get(LoopbackFastPathMetrics.LISTENERS).tag("outcome", "applied").gauge().value())
				.isZero();
		});
	}

	@Test
	void bindsTheUnixSocketRoutesToTheRegistry() {
		this.runner.withConfiguration(AutoConfigurations.of(UnixSocketAutoConfiguration.class))
			.withPropertyValues("loopback.fastpath.enabled=true",
					"loopback.fastpath.unix.routes.15001=" + TestPaths.absolute("run", "envoy", "outbound.sock"))
			.run((context) -> {
				assertThat(context).hasSingleBean(UnixSocketMetrics.class);
				assertThat(context.getBean(MeterRegistry.class)
					.get(UnixSocketMetrics.ROUTES)
					.tags("port", "15001", "outcome", "connection")
					.functionCounter()
					.count()).isZero();
			});
	}

	@Test
	void noUnixSocketMetricsWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class,
					UnixSocketAutoConfiguration.class, LoopbackMetricsAutoConfiguration.class))
			.withPropertyValues("loopback.fastpath.enabled=true",
					"loopback.fastpath.unix.routes.15001=" + TestPaths.absolute("run", "envoy", "outbound.sock"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(UnixSocketTransport.class)
				.doesNotHaveBean(UnixSocketMetrics.class));
	}

	@Test
	void noUnixSocketMetricsWithoutMicrometer() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class,
					UnixSocketAutoConfiguration.class, LoopbackMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withPropertyValues("loopback.fastpath.enabled=true",
					"loopback.fastpath.unix.routes.15001=" + TestPaths.absolute("run", "envoy", "outbound.sock"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(UnixSocketTransport.class)
				.doesNotHaveBean(UnixSocketMetrics.class));
	}

}
