/**
 * The AF_UNIX transport on Netty: the Reactor Netty server's Unix-socket listener, the
 * Reactor Netty clients' routes, decided per connection inside their connection provider,
 * and the channels through which gRPC and plain Netty bootstraps take a route.
 */
@NullMarked
package io.github.loopbackfastpath.unix.netty;

import org.jspecify.annotations.NullMarked;
