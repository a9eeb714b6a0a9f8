/**
 * Access to the native handle of JDK NIO socket channels.
 */
@NullMarked
package io.github.loopbackfastpath.handle;

import org.jspecify.annotations.NullMarked;
