/**
 * The platform mechanism behind the fast path, chosen once per JVM, with an honest reason
 * where there is none.
 */
@NullMarked
package io.github.loopbackfastpath.platform;

import org.jspecify.annotations.NullMarked;
