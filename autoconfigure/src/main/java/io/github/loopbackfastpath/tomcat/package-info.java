/**
 * Tomcat's NIO endpoint and HTTP/1.1 protocol with listening sockets on the fast path.
 */
@NullMarked
package io.github.loopbackfastpath.tomcat;

import org.jspecify.annotations.NullMarked;
