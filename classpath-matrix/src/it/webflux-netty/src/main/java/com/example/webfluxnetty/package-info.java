/**
 * The webflux-netty application of the classpath matrix.
 */
@NullMarked
package com.example.webfluxnetty;

import org.jspecify.annotations.NullMarked;
