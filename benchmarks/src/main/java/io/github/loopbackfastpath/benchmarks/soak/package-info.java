/**
 * The reliability soak: every hooked client against both hooked servers, under churn,
 * context restarts and a native call that fails at random, checked against the stand-in's
 * own count.
 */
@NullMarked
package io.github.loopbackfastpath.benchmarks.soak;

import org.jspecify.annotations.NullMarked;
