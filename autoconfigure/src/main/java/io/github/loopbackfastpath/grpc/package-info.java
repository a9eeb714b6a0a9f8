/**
 * gRPC-Java's Netty transport on the loopback fast path: channel and server builders
 * switched to fast-path NIO channels and the event loops they need.
 */
@NullMarked
package io.github.loopbackfastpath.grpc;

import org.jspecify.annotations.NullMarked;
