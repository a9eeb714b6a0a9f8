/**
 * The mvc-jetty application of the classpath matrix.
 */
@NullMarked
package com.example.mvcjetty;

import org.jspecify.annotations.NullMarked;
