/**
 * Auto-configuration of the loopback fast path for Spring Boot's gRPC client and server.
 */
@NullMarked
package io.github.loopbackfastpath.grpc.autoconfigure;

import org.jspecify.annotations.NullMarked;
