package io.github.loopbackfastpath.autoconfigure;

import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Stops startup when one of the starter's switches holds anything but {@code true} or
 * {@code false}. {@code @ConditionalOnBooleanProperty} compares the value with
 * {@code "true"} ignoring case and takes anything else for {@code false}
 * ({@code OnPropertyCondition.Spec#isMatch} in Spring Boot 4.1), so
 * {@code loopback.fastpath.enabled=maybe} would turn the starter off without a word, and
 * {@code yes}, which the binder's {@code StringToBooleanConverter} reads as true, would
 * turn it off too. As a condition of the core auto-configuration this runs whether the
 * starter is on or off, and before {@code @ConditionalOnBooleanProperty} (it has the
 * highest precedence; a condition that does not match ends the evaluation).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class StrictSwitchesCondition implements Condition {

	/** Every boolean property of the starter. */
	static final List<String> SWITCHES = List.of("loopback.fastpath.enabled", "loopback.fastpath.server.enabled",
			"loopback.fastpath.client.enabled", "loopback.fastpath.unix.enabled");

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		for (String name : SWITCHES) {
			String value = context.getEnvironment().getProperty(name);
			if (value != null && !isBoolean(value)) {
				throw new InvalidConfigurationPropertyValueException(name, value,
						"the starter's switches accept only true or false");
			}
		}
		return true;
	}

	private static boolean isBoolean(String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		return lower.equals("true") || lower.equals("false");
	}

}
