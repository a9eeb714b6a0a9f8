package io.github.loopbackfastpath.autoconfigure;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.handle.SocketHandles;
import io.github.loopbackfastpath.netty.FastPathNettyChannels;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.platform.FastPathPlatforms;
import io.github.loopbackfastpath.policy.LoopbackPolicy;
import io.netty.channel.socket.nio.NioSocketChannel;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the loopback fast path core: the platform, the policy and the outcome
 * record that every integration shares. Nothing is created unless
 * {@code loopback.fastpath.enabled=true}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty("loopback.fastpath.enabled")
@EnableConfigurationProperties(LoopbackFastPathProperties.class)
public final class LoopbackFastPathAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	FastPathOutcomes fastPathOutcomes() {
		return new FastPathOutcomes();
	}

	@Bean
	@ConditionalOnMissingBean
	LoopbackFastPath loopbackFastPath(LoopbackFastPathProperties properties, FastPathOutcomes outcomes) {
		LoopbackPolicy policy = new LoopbackPolicy(properties.getServer().isEnabled(),
				properties.getClient().isEnabled(), properties.getClient().getPorts());
		return new LoopbackFastPath(FastPathPlatforms.detect(), SocketHandles.detect(), policy, outcomes,
				properties.getOnFailure());
	}

	@Bean
	@ConditionalOnMissingBean
	LoopbackFastPathStartupReport loopbackFastPathStartupReport(LoopbackFastPath fastPath) {
		return new LoopbackFastPathStartupReport(fastPath);
	}

	/**
	 * Channel factories for the application's own Netty bootstraps (gRPC, drivers).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(NioSocketChannel.class)
	static class NettyChannelsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FastPathNettyChannels fastPathNettyChannels(LoopbackFastPath fastPath) {
			return new FastPathNettyChannels(fastPath);
		}

	}

}
