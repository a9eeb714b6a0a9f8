/**
 * The grpc-client application of the classpath matrix.
 */
@NullMarked
package com.example.grpcclient;

import org.jspecify.annotations.NullMarked;
