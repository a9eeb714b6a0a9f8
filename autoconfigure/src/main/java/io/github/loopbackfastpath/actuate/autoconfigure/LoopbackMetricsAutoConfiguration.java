package io.github.loopbackfastpath.actuate.autoconfigure;

import io.github.loopbackfastpath.autoconfigure.ConditionalOnStarterEnabled;
import io.github.loopbackfastpath.actuate.metrics.LoopbackFastPathMetrics;
import io.github.loopbackfastpath.actuate.metrics.UnixSocketMetrics;
import io.github.loopbackfastpath.autoconfigure.LoopbackFastPathAutoConfiguration;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.github.loopbackfastpath.unix.autoconfigure.UnixSocketAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@link LoopbackFastPathMetrics loopback fast path metrics}
 * and, where the AF_UNIX transport is configured, the {@link UnixSocketMetrics}, when the
 * fast path is enabled and Micrometer has a registry.
 */
@AutoConfiguration(after = { LoopbackFastPathAutoConfiguration.class, UnixSocketAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnStarterEnabled
@ConditionalOnBean({ MeterRegistry.class, FastPathOutcomes.class })
public final class LoopbackMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LoopbackFastPathMetrics loopbackFastPathMetrics(FastPathOutcomes outcomes) {
		return new LoopbackFastPathMetrics(outcomes);
	}

	/**
	 * The AF_UNIX transport's route and server counters.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(UnixSocketTransport.class)
	static class UnixSocketMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		UnixSocketMetrics unixSocketMetrics(UnixSocketTransport transport) {
			return new UnixSocketMetrics(transport);
		}

	}

}
