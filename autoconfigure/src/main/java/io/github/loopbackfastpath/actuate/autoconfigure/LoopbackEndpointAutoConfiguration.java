package io.github.loopbackfastpath.actuate.autoconfigure;

import io.github.loopbackfastpath.autoconfigure.ConditionalOnStarterEnabled;
import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.actuate.LoopbackEndpoint;
import io.github.loopbackfastpath.autoconfigure.LoopbackFastPathAutoConfiguration;
import io.github.loopbackfastpath.platform.FallbackCounterSource;
import io.github.loopbackfastpath.unix.UnixSocketTransport;

import org.springframework.beans.factory.ObjectProvider;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@link LoopbackEndpoint loopback endpoint}. The endpoint
 * exists only when it is exposed: like every endpoint but {@code health}, it stays off
 * the web and off JMX until {@code management.endpoints.web.exposure.include} or
 * {@code management.endpoints.jmx.exposure.include} names it. While the fast path is
 * disabled an exposed endpoint answers {@code "enabled": false} with the platform, and
 * nothing else of the starter exists.
 */
@AutoConfiguration(after = LoopbackFastPathAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
public final class LoopbackEndpointAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnStarterEnabled
	@ConditionalOnBean(LoopbackFastPath.class)
	static class Enabled {

		/**
		 * The operating system's fallback counters; on Windows a PDH query that lives as
		 * long as the context and is closed with it (an {@code AutoCloseable} bean).
		 */
		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint(endpoint = LoopbackEndpoint.class)
		FallbackCounterSource loopbackFallbackCounters() {
			return FallbackCounterSource.detect();
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		LoopbackEndpoint loopbackEndpoint(LoopbackFastPath fastPath, FallbackCounterSource fallbackCounters,
				ObjectProvider<UnixSocketTransport> unixSockets) {
			return new LoopbackEndpoint(fastPath, fallbackCounters, unixSockets.getIfAvailable());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnStarterEnabled(part = ConditionalOnStarterEnabled.Part.NONE)
	static class Disabled {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		LoopbackEndpoint loopbackEndpoint() {
			return new LoopbackEndpoint(null, FallbackCounterSource.NONE);
		}

	}

}
