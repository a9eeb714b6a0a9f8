package io.github.loopbackfastpath.platform;

import java.util.Map;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.autoconfigure.LoopbackFastPathAutoConfiguration;
import io.github.loopbackfastpath.test.WsaStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native-library test seam loads native code, so only the JVM's own system property
 * can set it: the same name given as an application property or an environment variable
 * reaches Spring's environment but never the starter, which keeps using the platform's
 * own library (on Linux: none).
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "On Windows the real ws2_32 is used either way")
class NativeLibrarySeamTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class))
		.withPropertyValues("loopback.fastpath.enabled=true");

	@AfterEach
	void clearSeam() {
		WsaStandIn.uninstall();
	}

	@Test
	void applicationPropertyDoesNotSetTheSeam() {
		WsaStandIn.reset();
		this.runner.withPropertyValues(FastPathPlatforms.NATIVE_LIBRARY_PROPERTY + "=" + WsaStandIn.library())
			.run((context) -> {
				assertThat(context.getEnvironment().getProperty(FastPathPlatforms.NATIVE_LIBRARY_PROPERTY))
					.isEqualTo(WsaStandIn.library());
				assertSeamNotUsed(context.getBean(LoopbackFastPath.class));
			});
	}

	@Test
	void environmentVariableDoesNotSetTheSeam() {
		WsaStandIn.reset();
		Map<String, Object> variables = Map.of("LOOPBACK_FASTPATH_NATIVE_LIBRARY", WsaStandIn.library(),
				"LOOPBACK_FASTPATH_NATIVELIBRARY", WsaStandIn.library());
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(
						StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME + "-test", variables)))
			.run((context) -> {
				assertThat(context.getEnvironment().getProperty(FastPathPlatforms.NATIVE_LIBRARY_PROPERTY))
					.as("Spring's relaxed binding sees the variable")
					.isEqualTo(WsaStandIn.library());
				assertSeamNotUsed(context.getBean(LoopbackFastPath.class));
			});
	}

	@Test
	void jvmSystemPropertySetsTheSeam() {
		WsaStandIn.install();
		this.runner.run((context) -> {
			LoopbackFastPath fastPath = context.getBean(LoopbackFastPath.class);
			assertThat(fastPath.platform().supported()).isTrue();
			assertThat(fastPath.platform().reason()).contains(FastPathPlatforms.NATIVE_LIBRARY_PROPERTY);
		});
	}

	private static void assertSeamNotUsed(LoopbackFastPath fastPath) {
		assertThat(fastPath.platform().supported()).isFalse();
		assertThat(fastPath.platform().reason()).contains("exists only on Windows")
			.doesNotContain(WsaStandIn.library());
		assertThat(WsaStandIn.callCount()).isZero();
	}

}
