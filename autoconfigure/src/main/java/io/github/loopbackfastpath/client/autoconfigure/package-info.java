/**
 * Auto-configuration of the fast path for the auto-configured WebClient, RestClient and
 * RestTemplate builders.
 */
@NullMarked
package io.github.loopbackfastpath.client.autoconfigure;

import org.jspecify.annotations.NullMarked;
