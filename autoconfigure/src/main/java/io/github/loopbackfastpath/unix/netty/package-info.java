/**
 * The Reactor Netty clients of the AF_UNIX sidecar transport: routes decided per
 * connection inside Reactor Netty's connection provider.
 */
@NullMarked
package io.github.loopbackfastpath.unix.netty;

import org.jspecify.annotations.NullMarked;
