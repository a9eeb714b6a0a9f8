package io.github.loopbackfastpath.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs AF_UNIX sockets: it runs where this JVM can
 * open one and is skipped with the reason elsewhere (Wine 8.0 has none; Windows has them
 * from 10 1803 on, so the hosted Windows job runs these tests).
 *
 * @see UnixDomainSocketsCondition
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(UnixDomainSocketsCondition.class)
public @interface EnabledIfUnixDomainSockets {

}
