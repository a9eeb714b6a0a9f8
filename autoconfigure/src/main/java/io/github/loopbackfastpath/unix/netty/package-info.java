/**
 * The AF_UNIX transport on Reactor Netty: the server's Unix-socket listener.
 */
@NullMarked
package io.github.loopbackfastpath.unix.netty;

import org.jspecify.annotations.NullMarked;
