package io.github.loopbackfastpath.autoconfigure;

import java.util.Map;

import io.github.loopbackfastpath.autoconfigure.ConditionalOnStarterEnabled.Part;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition of {@link ConditionalOnStarterEnabled}.
 */
class OnStarterEnabledCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		@Nullable Map<String, @Nullable Object> attributes = metadata
			.getAnnotationAttributes(ConditionalOnStarterEnabled.class.getName());
		Object value = (attributes != null) ? attributes.get("part") : null;
		Part part = (value instanceof Part given) ? given : Part.ANY;
		boolean fastPath = StarterSwitches.isFastPathEnabled(context.getEnvironment());
		boolean unix = StarterSwitches.isUnixEnabled(context.getEnvironment());
		boolean match = switch (part) {
			case ANY -> fastPath || unix;
			case UNIX -> unix;
			case NONE -> !fastPath && !unix;
		};
		String state = StarterSwitches.ENABLED + "=" + fastPath + ", AF_UNIX transport " + (unix ? "on" : "off") + " ("
				+ StarterSwitches.UNIX_ENABLED + ")";
		return match ? ConditionOutcome.match(state) : ConditionOutcome.noMatch(state);
	}

}
