/**
 * The grpc-server application of the classpath matrix.
 */
@NullMarked
package com.example.grpcserver;

import org.jspecify.annotations.NullMarked;
