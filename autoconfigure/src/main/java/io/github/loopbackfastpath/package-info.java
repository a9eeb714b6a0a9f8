/**
 * The loopback fast path: the one entry point every integration calls, and its failure
 * mode.
 */
@NullMarked
package io.github.loopbackfastpath;

import org.jspecify.annotations.NullMarked;
