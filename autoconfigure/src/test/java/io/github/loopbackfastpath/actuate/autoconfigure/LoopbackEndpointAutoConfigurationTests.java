package io.github.loopbackfastpath.actuate.autoconfigure;

import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.actuate.LoopbackEndpoint;
import io.github.loopbackfastpath.actuate.LoopbackEndpoint.LoopbackDescriptor;
import io.github.loopbackfastpath.autoconfigure.LoopbackFastPathAutoConfiguration;
import io.github.loopbackfastpath.platform.FallbackCounterSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jmx.JmxEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class LoopbackEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class, LoopbackEndpointAutoConfiguration.class));

	@Test
	@DisabledOnOs(value = OS.WINDOWS,
			disabledReason = "asserts the report of a platform without SIO_LOOPBACK_FASTPATH; "
					+ "RealWinsockTests covers Windows")
	void reportsDisabledWithThePlatformOnlyWhenExposedButNotEnabled() {
		for (String enabled : new String[] { "loopback.fastpath.enabled=false", "unrelated=1" }) {
			this.runner.withPropertyValues(enabled, "management.endpoints.web.exposure.include=loopback")
				.run((context) -> {
					assertThat(context).doesNotHaveBean(LoopbackFastPath.class);
					LoopbackEndpoint.LoopbackDescriptor report = context.getBean(LoopbackEndpoint.class).loopback();
					assertThat(report.enabled()).isFalse();
					assertThat(report.platform().reason()).contains("loopback.fastpath.enabled is false")
						.contains("no SIO_LOOPBACK_FASTPATH");
					assertThat(report.platform().supported()).isFalse();
					assertThat(report.components()).isEmpty();
					assertThat(report.listeners()).isEmpty();
				});
		}
	}

	@Test
	void isAbsentWhenNotEnabledAndNotExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(LoopbackEndpoint.class));
	}

	@Test
	void isAbsentWhenEnabledButNotExposed() {
		this.runner.withPropertyValues("loopback.fastpath.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(LoopbackFastPath.class);
			assertThat(context).doesNotHaveBean(LoopbackEndpoint.class);
		});
	}

	@Test
	void isAbsentWhenOnlyTheJmxExposureNamesItButJmxIsOff() {
		this.runner
			.withPropertyValues("loopback.fastpath.enabled=true", "management.endpoints.jmx.exposure.include=loopback")
			.run((context) -> assertThat(context).doesNotHaveBean(LoopbackEndpoint.class));
	}

	@Test
	void isPresentWhenExposedOverTheWeb() {
		this.runner
			.withPropertyValues("loopback.fastpath.enabled=true", "management.endpoints.web.exposure.include=loopback")
			.run((context) -> assertThat(context).hasSingleBean(LoopbackEndpoint.class));
	}

	@Test
	void isPresentWhenExposedOverJmx() {
		this.runner
			.withPropertyValues("loopback.fastpath.enabled=true", "spring.jmx.enabled=true",
					"management.endpoints.jmx.exposure.include=loopback")
			.run((context) -> assertThat(context).hasSingleBean(LoopbackEndpoint.class));
	}

	@Test
	@DisabledOnOs(value = OS.WINDOWS,
			disabledReason = "asserts the report of a platform without SIO_LOOPBACK_FASTPATH; "
					+ "RealWinsockTests covers Windows")
	@SuppressWarnings("unchecked")
	void isReadableOverJmxWithEveryKeyPresent() {
		this.runner
			.withConfiguration(AutoConfigurations.of(JmxAutoConfiguration.class, EndpointAutoConfiguration.class,
					JacksonEndpointAutoConfiguration.class, JmxEndpointAutoConfiguration.class))
			.withPropertyValues("loopback.fastpath.enabled=true", "spring.jmx.enabled=true",
					"spring.jmx.unique-names=true", "management.endpoints.jmx.exposure.include=loopback")
			.run((context) -> {
				MBeanServer server = context.getBean(MBeanServer.class);
				ObjectName pattern = new ObjectName("org.springframework.boot:type=Endpoint,name=Loopback,*");
				assertThat(server.queryNames(pattern, null)).hasSize(1);
				ObjectName name = server.queryNames(pattern, null).iterator().next();
				Map<String, Object> report = (Map<String, Object>) server.invoke(name, "loopback", new Object[0],
						new String[0]);
				assertThat(report.get("enabled")).isEqualTo(true);
				Map<String, Object> platform = (Map<String, Object>) report.get("platform");
				assertThat(platform.get("supported")).isEqualTo(false);
				assertThat(platform).containsKey("windowsBuild").containsKey("fallbackCounters");
				assertThat(report).containsKeys("components", "listeners", "recentFailures");
			});
	}

	@Test
	void isAbsentWhenAccessIsNone() {
		this.runner
			.withPropertyValues("loopback.fastpath.enabled=true", "management.endpoints.web.exposure.include=loopback",
					"management.endpoint.loopback.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(LoopbackEndpoint.class));
	}

	@Test
	void backsOffForAUserEndpoint() {
		this.runner
			.withPropertyValues("loopback.fastpath.enabled=true", "management.endpoints.web.exposure.include=loopback")
			.withUserConfiguration(UserEndpoint.class)
			.run((context) -> assertThat(context).getBean(LoopbackEndpoint.class)
				.isSameAs(context.getBean("userLoopbackEndpoint")));
	}

	@Test
	@DisabledOnOs(value = OS.WINDOWS,
			disabledReason = "asserts the report of a platform without SIO_LOOPBACK_FASTPATH; "
					+ "RealWinsockTests covers Windows")
	void reportsAnUnsupportedPlatformWithoutTheNativeSeam() {
		this.runner
			.withPropertyValues("loopback.fastpath.enabled=true", "management.endpoints.web.exposure.include=loopback")
			.run((context) -> {
				LoopbackDescriptor report = context.getBean(LoopbackEndpoint.class).loopback();
				assertThat(report.enabled()).isTrue();
				assertThat(report.platform().supported()).isFalse();
				assertThat(report.platform().mechanism()).isEqualTo("none");
				assertThat(report.platform().reason()).contains("SIO_LOOPBACK_FASTPATH exists only on Windows");
				assertThat(report.platform().nativeLibrary()).isNull();
				assertThat(report.platform().deprecation()).isNull();
				assertThat(report.platform().fallbackCounters()).isNull();
				assertThat(report.platform().socketHandles().accessible()).isTrue();
				assertThat(report.platform().socketHandles().reason()).isNull();
				assertThat(report.components()).isEmpty();
				assertThat(report.listeners()).isEmpty();
				assertThat(report.recentFailures()).isEmpty();
			});
	}

	@Test
	void readsTheFallbackCounterSourceBeanAndClosesItWithTheContext() {
		UserFallbackCounters counters = new UserFallbackCounters();
		this.runner
			.withPropertyValues("loopback.fastpath.enabled=true", "management.endpoints.web.exposure.include=loopback")
			.withBean(FallbackCounterSource.class, () -> counters)
			.run((context) -> {
				assertThat(context).hasSingleBean(FallbackCounterSource.class);
				assertThat(context.getBean(LoopbackEndpoint.class).loopback().platform().fallbackCounters())
					.containsExactly(Map.entry("connects", 3L));
				assertThat(counters.closed).isFalse();
			});
		assertThat(counters.closed).isTrue();
	}

	@Test
	void hasNoFallbackCounterSourceWhenTheEndpointIsNotExposed() {
		this.runner.withPropertyValues("loopback.fastpath.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(FallbackCounterSource.class));
	}

	static final class UserFallbackCounters implements FallbackCounterSource {

		volatile boolean closed;

		@Override
		public Map<String, Long> read() {
			return Map.of("connects", 3L);
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpoint {

		@Bean
		LoopbackEndpoint userLoopbackEndpoint(LoopbackFastPath fastPath) {
			return new LoopbackEndpoint(fastPath, FallbackCounterSource.NONE);
		}

	}

}
