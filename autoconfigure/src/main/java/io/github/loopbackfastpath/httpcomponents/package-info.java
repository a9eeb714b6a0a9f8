/**
 * Apache HttpClient 5 (classic) integration: sockets that are offered the loopback fast
 * path before they connect.
 */
@NullMarked
package io.github.loopbackfastpath.httpcomponents;

import org.jspecify.annotations.NullMarked;
