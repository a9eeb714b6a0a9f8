/**
 * Auto-configuration of the fast path for Spring Boot's Reactor Netty web server.
 */
@NullMarked
package io.github.loopbackfastpath.netty.autoconfigure;

import org.jspecify.annotations.NullMarked;
