package io.github.loopbackfastpath.actuate.autoconfigure;

import io.github.loopbackfastpath.actuate.metrics.LoopbackFastPathMetrics;
import io.github.loopbackfastpath.autoconfigure.LoopbackFastPathAutoConfiguration;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link LoopbackFastPathMetrics loopback fast path metrics},
 * when the fast path is enabled and Micrometer has a registry.
 */
@AutoConfiguration(after = LoopbackFastPathAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty("loopback.fastpath.enabled")
@ConditionalOnBean({ MeterRegistry.class, FastPathOutcomes.class })
public final class LoopbackMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LoopbackFastPathMetrics loopbackFastPathMetrics(FastPathOutcomes outcomes) {
		return new LoopbackFastPathMetrics(outcomes);
	}

}
