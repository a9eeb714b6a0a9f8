/**
 * A demo service that talks to its sidecar over loopback with the fast path on.
 */
@NullMarked
package io.github.loopbackfastpath.demo;

import org.jspecify.annotations.NullMarked;
