/**
 * Netty and Reactor Netty channels, loop resources and channel factories that take the
 * fast path.
 */
@NullMarked
package io.github.loopbackfastpath.netty;

import org.jspecify.annotations.NullMarked;
