/**
 * Auto-configuration of the {@code loopback} actuator endpoint and of the loopback fast
 * path metrics.
 */
@NullMarked
package io.github.loopbackfastpath.actuate.autoconfigure;

import org.jspecify.annotations.NullMarked;
