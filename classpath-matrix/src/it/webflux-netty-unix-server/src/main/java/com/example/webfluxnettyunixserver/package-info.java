/**
 * The webflux-netty-unix-server application of the classpath matrix.
 */
@NullMarked
package com.example.webfluxnettyunixserver;

import org.jspecify.annotations.NullMarked;
