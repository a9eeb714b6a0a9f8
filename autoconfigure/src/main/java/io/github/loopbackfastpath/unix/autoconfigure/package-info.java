/**
 * Auto-configuration of the AF_UNIX sidecar transport ({@code loopback.fastpath.unix.*}).
 */
@NullMarked
package io.github.loopbackfastpath.unix.autoconfigure;

import org.jspecify.annotations.NullMarked;
