package io.github.loopbackfastpath.tomcat.autoconfigure;

import io.github.loopbackfastpath.LoopbackFastPath;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http11.Http11NioProtocol;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.context.annotation.Bean;

/**
 * The Tomcat customizer in the child context of a management server on its own port
 * ({@code management.server.port}): that context builds its own web server factory and
 * does not see the main context's customizers.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnClass({ Tomcat.class, Http11NioProtocol.class, TomcatWebServerFactory.class })
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty("loopback.fastpath.enabled")
@ConditionalOnBean(LoopbackFastPath.class)
class TomcatFastPathManagementContextConfiguration {

	@Bean
	TomcatFastPathCustomizer tomcatManagementFastPathCustomizer(LoopbackFastPath fastPath) {
		return new TomcatFastPathCustomizer(fastPath);
	}

}
