/**
 * Auto-configuration of the fast path for embedded Tomcat, including the management
 * server.
 */
@NullMarked
package io.github.loopbackfastpath.tomcat.autoconfigure;

import org.jspecify.annotations.NullMarked;
