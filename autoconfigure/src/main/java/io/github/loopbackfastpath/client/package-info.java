/**
 * The fast path for Spring's HTTP clients, and per-client control of it.
 */
@NullMarked
package io.github.loopbackfastpath.client;

import org.jspecify.annotations.NullMarked;
