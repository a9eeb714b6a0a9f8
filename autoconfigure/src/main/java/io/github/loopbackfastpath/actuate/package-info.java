/**
 * The {@code loopback} actuator endpoint: what the loopback fast path did, per component
 * and per listener.
 */
@NullMarked
package io.github.loopbackfastpath.actuate;

import org.jspecify.annotations.NullMarked;
