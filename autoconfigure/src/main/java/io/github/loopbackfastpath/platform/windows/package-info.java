/**
 * Winsock's SIO_LOOPBACK_FASTPATH through JNA, Winsock error names, and the Windows
 * version and performance counters.
 */
@NullMarked
package io.github.loopbackfastpath.platform.windows;

import org.jspecify.annotations.NullMarked;
