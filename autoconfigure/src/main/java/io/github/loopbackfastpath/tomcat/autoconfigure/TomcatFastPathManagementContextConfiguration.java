package io.github.loopbackfastpath.tomcat.autoconfigure;

import io.github.loopbackfastpath.LoopbackFastPath;
import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The Tomcat customizer in the child context of a management server on its own port
 * ({@code management.server.port}): that context builds its own web server factory and does
 * not see the main context's customizers.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnClass(Tomcat.class)
@ConditionalOnBooleanProperty("loopback.fastpath.enabled")
@ConditionalOnBean(LoopbackFastPath.class)
class TomcatFastPathManagementContextConfiguration {

	@Bean
	TomcatFastPathCustomizer tomcatManagementFastPathCustomizer(LoopbackFastPath fastPath) {
		return new TomcatFastPathCustomizer(fastPath);
	}

}
