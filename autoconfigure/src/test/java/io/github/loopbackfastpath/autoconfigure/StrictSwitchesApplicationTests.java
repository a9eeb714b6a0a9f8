package io.github.loopbackfastpath.autoconfigure;

import io.github.loopbackfastpath.test.FailureAnalyses;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A real application start with a switch that is neither true nor false: it stops, and
 * the report Spring Boot prints names the property, the value and the accepted values,
 * where {@code @ConditionalOnBooleanProperty} alone would have turned the starter off
 * without a word.
 */
@ExtendWith(OutputCaptureExtension.class)
class StrictSwitchesApplicationTests {

	@ParameterizedTest
	@ValueSource(strings = { "maybe", "yes" })
	void invalidEnabledStopsStartupWithTheAnalysis(String value, CapturedOutput output) {
		Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties("loopback.fastpath.enabled=" + value)
			.run()
			.close());
		assertThat(failure).as("startup failure").isNotNull();
		FailureAnalysis analysis = FailureAnalyses.analyze(failure);
		assertThat(analysis.getDescription()).contains("loopback.fastpath.enabled='" + value + "'")
			.contains("only true or false");
		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("loopback.fastpath.enabled='" + value + "'")
			.contains("Set loopback.fastpath.enabled to true or false");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
