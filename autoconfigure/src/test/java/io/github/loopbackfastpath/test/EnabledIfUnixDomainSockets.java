package io.github.loopbackfastpath.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs AF_UNIX sockets: it runs where this JVM can
 * open one and is skipped with the reason elsewhere (Wine 8.0 has none; Windows has them
 * from 10 1803 on, so the hosted Windows job runs these tests). It also tags them
 * {@code unix}, the tag the hosted macOS job selects ({@code -Dgroups=unix}); a test
 * class of the transport whose tests need no AF_UNIX socket of their own carries
 * {@code @Tag("unix")} instead.
 *
 * @see UnixDomainSocketsCondition
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("unix")
@ExtendWith(UnixDomainSocketsCondition.class)
public @interface EnabledIfUnixDomainSockets {

}
