/**
 * Micrometer meters for loopback fast path outcomes.
 */
@NullMarked
package io.github.loopbackfastpath.actuate.metrics;

import org.jspecify.annotations.NullMarked;
