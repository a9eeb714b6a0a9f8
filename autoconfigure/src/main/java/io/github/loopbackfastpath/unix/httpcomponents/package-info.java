/**
 * Apache HttpClient 5 (classic) on the Unix-socket routes: a connection operator that
 * decides each new connection's route and connects it to the route's socket or over TCP.
 */
@NullMarked
package io.github.loopbackfastpath.unix.httpcomponents;

import org.jspecify.annotations.NullMarked;
