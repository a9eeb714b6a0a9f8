/**
 * Auto-configuration of the loopback fast path core: properties, startup report, failure
 * analysis.
 */
@NullMarked
package io.github.loopbackfastpath.autoconfigure;

import org.jspecify.annotations.NullMarked;
