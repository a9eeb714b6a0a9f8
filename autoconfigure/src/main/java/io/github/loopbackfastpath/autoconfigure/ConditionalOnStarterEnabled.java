package io.github.loopbackfastpath.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when a part of the starter is on ({@link StarterSwitches}): with
 * {@link #part()} {@link Part#ANY}, the socket option or the AF_UNIX transport; with
 * {@link Part#UNIX}, the AF_UNIX transport; with {@link Part#NONE}, when both are off.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnStarterEnabledCondition.class)
public @interface ConditionalOnStarterEnabled {

	/**
	 * Which part must be on.
	 * @return the part
	 */
	Part part() default Part.ANY;

	/**
	 * Parts of the starter.
	 */
	enum Part {

		/** The socket option or the AF_UNIX transport. */
		ANY,

		/** The AF_UNIX transport. */
		UNIX,

		/** Neither: the starter is off. */
		NONE

	}

}
