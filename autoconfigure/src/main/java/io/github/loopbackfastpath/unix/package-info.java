/**
 * The AF_UNIX sidecar transport: Unix-socket routes for loopback client connections and a
 * Unix-socket listener for the embedded server, with their status. The entry point is
 * {@link io.github.loopbackfastpath.unix.UnixSocketTransport}, which says where a
 * connection goes; beside it
 * {@link io.github.loopbackfastpath.unix.UnixRouteAvailability} (what a socket that
 * cannot be used means), the {@link io.github.loopbackfastpath.unix.UnixRouteCoverage
 * coverage} of the clients, the {@link io.github.loopbackfastpath.unix.UnixServerSocket
 * server's socket}, the peer checks
 * ({@link io.github.loopbackfastpath.unix.UnixPeerRule}) and the
 * {@link io.github.loopbackfastpath.unix.UnixTransportReport report}. Each technology's
 * code is in a package of its own: {@code unix.httpcomponents} (Apache HttpClient),
 * {@code unix.netty} (Reactor Netty clients and server, Netty bootstraps and gRPC's
 * channels), {@code unix.tomcat}; the Spring wiring is in {@code unix.autoconfigure}.
 */
@NullMarked
package io.github.loopbackfastpath.unix;

import org.jspecify.annotations.NullMarked;
