/**
 * The AF_UNIX transport on Reactor Netty: the server's Unix-socket listener, and the
 * clients' routes, decided per connection inside Reactor Netty's connection provider.
 */
@NullMarked
package io.github.loopbackfastpath.unix.netty;

import org.jspecify.annotations.NullMarked;
