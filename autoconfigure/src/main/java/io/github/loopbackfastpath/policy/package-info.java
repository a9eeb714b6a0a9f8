/**
 * Which sockets ask for the fast path: loopback destinations and listeners, optional
 * sidecar ports.
 */
@NullMarked
package io.github.loopbackfastpath.policy;

import org.jspecify.annotations.NullMarked;
