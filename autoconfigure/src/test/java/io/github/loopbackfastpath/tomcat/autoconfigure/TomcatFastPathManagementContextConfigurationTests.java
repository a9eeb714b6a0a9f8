package io.github.loopbackfastpath.tomcat.autoconfigure;

import io.github.loopbackfastpath.LoopbackFastPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.TomcatWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management server's Tomcat customizer needs the same conditions as the main one:
 * its class names {@code TomcatWebServerFactory}, which an application can lack while
 * Tomcat itself is on the class path.
 */
class TomcatFastPathManagementContextConfigurationTests {

	@Test
	void customizesTheManagementServersTomcat() {
		new WebApplicationContextRunner().withBean(LoopbackFastPath.class, LoopbackFastPath::create)
			.withUserConfiguration(TomcatFastPathManagementContextConfiguration.class)
			.withPropertyValues("loopback.fastpath.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(TomcatFastPathCustomizer.class));
	}

	@Test
	void backsOffWithoutSpringBootTomcat() {
		new WebApplicationContextRunner().withBean(LoopbackFastPath.class, LoopbackFastPath::create)
			.withUserConfiguration(TomcatFastPathManagementContextConfiguration.class)
			.withClassLoader(new FilteredClassLoader(TomcatWebServerFactory.class))
			.withPropertyValues("loopback.fastpath.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TomcatFastPathCustomizer.class));
	}

	@Test
	void backsOffOutsideAWebApplication() {
		new ApplicationContextRunner().withBean(LoopbackFastPath.class, LoopbackFastPath::create)
			.withUserConfiguration(TomcatFastPathManagementContextConfiguration.class)
			.withPropertyValues("loopback.fastpath.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TomcatFastPathCustomizer.class));
	}

}
