/**
 * The AF_UNIX transport on Tomcat: the connector listening on the server's Unix socket.
 */
@NullMarked
package io.github.loopbackfastpath.unix.tomcat;

import org.jspecify.annotations.NullMarked;
