/**
 * The AF_UNIX sidecar transport: Unix-socket routes for loopback client connections and a
 * Unix-socket listener for the embedded server, with their status.
 */
@NullMarked
package io.github.loopbackfastpath.unix;

import org.jspecify.annotations.NullMarked;
