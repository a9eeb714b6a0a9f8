package io.github.loopbackfastpath.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that uses the C stand-in of {@code WSAIoctl} without
 * {@link WsaStandInExtension} (which checks the same itself): it runs only where the
 * build compiled the stand-in, and is skipped with the reason elsewhere (Windows).
 *
 * @see WsaStandInCondition
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(WsaStandInCondition.class)
public @interface EnabledIfWsaStandIn {

}
