package io.github.loopbackfastpath.tomcat.autoconfigure;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.autoconfigure.HookedWebServer;
import io.github.loopbackfastpath.autoconfigure.LoopbackFastPathAutoConfiguration;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http11.Http11NioProtocol;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.context.annotation.Bean;

/**
 * Puts the listening sockets of embedded Tomcat (Spring MVC or WebFlux) on the loopback
 * fast path. The management server on its own port gets the same customizer through
 * {@link TomcatFastPathManagementContextConfiguration}.
 */
@AutoConfiguration(after = LoopbackFastPathAutoConfiguration.class)
@ConditionalOnClass({ Tomcat.class, Http11NioProtocol.class, TomcatWebServerFactory.class })
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty("loopback.fastpath.enabled")
@ConditionalOnBean(LoopbackFastPath.class)
public final class TomcatFastPathAutoConfiguration {

	@Bean
	HookedWebServer tomcatHookedWebServer() {
		return new HookedWebServer(TomcatWebServer.class);
	}

	@Bean
	@ConditionalOnMissingBean
	TomcatFastPathCustomizer tomcatFastPathCustomizer(LoopbackFastPath fastPath) {
		return new TomcatFastPathCustomizer(fastPath);
	}

}
