package io.github.loopbackfastpath.netty.autoconfigure;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.github.loopbackfastpath.netty.autoconfigure.NettyServerFastPathAutoConfiguration.NettyServerFastPathCustomizer;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The Reactor Netty customizer in the child context of a management server on its own
 * port: that context builds its own web server factory and does not see the main
 * context's customizers.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnClass({ NettyReactiveWebServerFactory.class, HttpServer.class, ReactorResourceFactory.class })
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnBooleanProperty("loopback.fastpath.enabled")
@ConditionalOnBean(LoopbackFastPath.class)
class NettyServerFastPathManagementContextConfiguration {

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> nettyManagementServerFastPathCustomizer(
			LoopbackFastPath fastPath, ObjectProvider<ReactorResourceFactory> resourceFactory,
			ObjectProvider<UnixSocketTransport> unixSockets) {
		return new NettyServerFastPathCustomizer(fastPath, resourceFactory, unixSockets);
	}

}
