/**
 * The record of every outcome: counts per component, listeners and recent failures.
 */
@NullMarked
package io.github.loopbackfastpath.outcome;

import org.jspecify.annotations.NullMarked;
