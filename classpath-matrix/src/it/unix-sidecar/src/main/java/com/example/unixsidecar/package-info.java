/**
 * The unix-sidecar application of the classpath matrix.
 */
@NullMarked
package com.example.unixsidecar;

import org.jspecify.annotations.NullMarked;
