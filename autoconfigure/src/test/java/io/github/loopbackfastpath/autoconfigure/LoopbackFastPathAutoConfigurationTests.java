package io.github.loopbackfastpath.autoconfigure;

import java.util.List;

import io.github.loopbackfastpath.FailureMode;
import io.github.loopbackfastpath.ListenerFastPathException;
import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.test.FailureAnalyses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumingThat;

class LoopbackFastPathAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LoopbackFastPathAutoConfiguration.class));

	@Test
	void doesNothingByDefault() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(LoopbackFastPath.class);
			assertThat(context).doesNotHaveBean(FastPathOutcomes.class);
			assertThat(context).doesNotHaveBean(LoopbackFastPathProperties.class);
		});
	}

	@Test
	void doesNothingWhenDisabled() {
		this.runner.withPropertyValues("loopback.fastpath.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LoopbackFastPath.class));
	}

	@Test
	@DisabledOnOs(value = OS.WINDOWS,
			disabledReason = "asserts the report of a platform without SIO_LOOPBACK_FASTPATH; "
					+ "RealWinsockTests covers Windows")
	void createsTheCoreWhenEnabled() {
		this.runner.withPropertyValues("loopback.fastpath.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(LoopbackFastPath.class).hasSingleBean(FastPathOutcomes.class);
			LoopbackFastPath fastPath = context.getBean(LoopbackFastPath.class);
			assertThat(fastPath.failureMode()).isEqualTo(FailureMode.FALLBACK);
			assertThat(fastPath.outcomes()).isSameAs(context.getBean(FastPathOutcomes.class));
			String summary = context.getBean(LoopbackFastPathStartupReport.class).summary();
			assertThat(summary).startsWith("Loopback fast path: ").contains(fastPath.platform().os());
			assumingThat(!OS.WINDOWS.isCurrentOs(),
					() -> assertThat(summary).contains("inactive on " + System.getProperty("os.name"))
						.contains("exists only on Windows"));
		});
	}

	@Test
	void bindsEveryProperty() {
		this.runner
			.withPropertyValues("loopback.fastpath.enabled=true", "loopback.fastpath.on-failure=fail",
					"loopback.fastpath.server.enabled=false", "loopback.fastpath.client.enabled=false",
					"loopback.fastpath.client.ports=3500,15001")
			.run((context) -> {
				LoopbackFastPathProperties properties = context.getBean(LoopbackFastPathProperties.class);
				assertThat(properties.getOnFailure()).isEqualTo(FailureMode.FAIL);
				assertThat(properties.getServer().isEnabled()).isFalse();
				assertThat(properties.getClient().isEnabled()).isFalse();
				assertThat(properties.getClient().getPorts()).containsExactly(3500, 15001);
				assertThat(context.getBean(LoopbackFastPath.class).failureMode()).isEqualTo(FailureMode.FAIL);
			});
	}

	@Test
	void backsOffForUserBeans() {
		this.runner.withPropertyValues("loopback.fastpath.enabled=true")
			.withUserConfiguration(UserOutcomes.class)
			.run((context) -> assertThat(context.getBean(LoopbackFastPath.class).outcomes())
				.isSameAs(context.getBean("userOutcomes")));
	}

	@Test
	void portOutsideRangeFailsStartupNamingPropertyAndFix() {
		this.runner.withPropertyValues("loopback.fastpath.enabled=true", "loopback.fastpath.client.ports=3500,70000")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(BindValidationException.class);
				FailureAnalysis analysis = analyzeBindFailure(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("loopback.fastpath.client.ports[1]")
					.contains("70000")
					.contains("between 1 and 65535")
					.contains("leave loopback.fastpath.client.ports empty")
					.doesNotContain("3500 is not");
			});
	}

	@Test
	void propertiesBindAnyListAndReportEveryPortOutOfRange() {
		LoopbackFastPathProperties properties = new LoopbackFastPathProperties();
		properties.getClient().setPorts(List.of(0, 3500, 70000));
		Errors errors = new BeanPropertyBindingResult(properties, "loopback.fastpath");
		assertThat(properties.supports(LoopbackFastPathProperties.class)).isTrue();
		properties.validate(properties, errors);
		assertThat(errors.getFieldErrors()).extracting(FieldError::getField)
			.containsExactly("client.ports[0]", "client.ports[2]");
	}

	@Test
	void portThatIsNotANumberFailsStartupNamingProperty() {
		this.runner.withPropertyValues("loopback.fastpath.enabled=true", "loopback.fastpath.client.ports=envoy")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(analyzeBindFailure(context.getStartupFailure()).getDescription())
					.contains("loopback.fastpath.client.ports")
					.contains("envoy");
			});
	}

	@Test
	void unknownOnFailureValueFailsStartupListingTheValidValues() {
		this.runner.withPropertyValues("loopback.fastpath.enabled=true", "loopback.fastpath.on-failure=explode")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyzeBindFailure(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("loopback.fastpath.on-failure").contains("explode");
				assertThat(analysis.getAction()).contains("'fallback'").contains("'fail'");
			});
	}

	@Test
	void listenerFailureIsExplainedWithTheWayOut() {
		FailureAnalysis analysis = FailureAnalyses.analyze(new IllegalStateException("wrapped",
				new ListenerFastPathException("tomcat", "127.0.0.1:8080", "WSAEOPNOTSUPP (10045)")));
		assertThat(analysis.getDescription()).contains("tomcat listener on 127.0.0.1:8080")
			.contains("WSAEOPNOTSUPP (10045)");
		assertThat(analysis.getAction()).contains("does not support SIO_LOOPBACK_FASTPATH")
			.contains("loopback.fastpath.on-failure=fallback");
		assertThat(new ListenerFastPathFailureAnalyzer()
			.analyze(new ListenerFastPathException("netty-server", "*", "handle-inaccessible"))
			.getAction()).contains("--add-exports java.base/sun.nio.ch=ALL-UNNAMED");
	}

	private static FailureAnalysis analyzeBindFailure(Throwable failure) {
		assertThat(failure).hasStackTraceContaining(BindException.class.getName());
		return FailureAnalyses.analyze(failure);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserOutcomes {

		@Bean
		FastPathOutcomes userOutcomes() {
			return new FastPathOutcomes();
		}

	}

}
