package io.github.loopbackfastpath.autoconfigure;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.handle.SocketHandles;
import io.github.loopbackfastpath.netty.FastPathNettyChannels;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.platform.FastPathPlatforms;
import io.github.loopbackfastpath.policy.LoopbackPolicy;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.netty.channel.socket.nio.NioSocketChannel;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the loopback fast path core: the platform, the policy and the
 * outcome record that every integration shares. Nothing is created unless
 * {@code loopback.fastpath.enabled=true} or {@code loopback.fastpath.unix.enabled=true}
 * (then the fast path is {@link LoopbackFastPath#off off}: see {@link StarterSwitches});
 * a switch that is neither {@code true} nor {@code false} stops startup
 * ({@link StrictSwitchesCondition}).
 */
@AutoConfiguration
@Conditional(StrictSwitchesCondition.class)
@ConditionalOnStarterEnabled
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
		if (!properties.isEnabled()) {
			// The AF_UNIX transport on its own switch: no socket-option call anywhere.
			return LoopbackFastPath.off(outcomes);
		}
		LoopbackPolicy policy = new LoopbackPolicy(properties.getServer().isEnabled(),
				properties.getClient().isEnabled(), properties.getClient().getPorts());
		return new LoopbackFastPath(FastPathPlatforms.detect(), SocketHandles.detect(), policy, outcomes,
				properties.getOnFailure());
	}

	/**
	 * The startup line. Not replaceable: the type is internal, so no application bean
	 * could stand in for it; the log level of this package turns it off.
	 */
	@Bean
	LoopbackFastPathStartupReport loopbackFastPathStartupReport(LoopbackFastPath fastPath,
			ObjectProvider<UnixSocketTransport> unixSockets) {
		return new LoopbackFastPathStartupReport(fastPath, unixSockets::getIfAvailable);
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

	/**
	 * Reports an embedded web server the starter cannot hook, such as Jetty.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebServerInitializedEvent.class)
	@ConditionalOnWebApplication
	// The socket option's: with it off (the AF_UNIX transport on its own switch) no
	// server is hooked, and none is to be reported as unhooked.
	@ConditionalOnBooleanProperty("loopback.fastpath.enabled")
	static class WebServerConfiguration {

		@Bean
		UnhookedWebServerReport unhookedWebServerReport(LoopbackFastPath fastPath,
				ObjectProvider<HookedWebServer> hooked) {
			return new UnhookedWebServerReport(fastPath, hooked);
		}

	}

}
