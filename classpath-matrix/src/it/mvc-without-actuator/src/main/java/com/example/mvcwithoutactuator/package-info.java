/**
 * The mvc-without-actuator application of the classpath matrix.
 */
@NullMarked
package com.example.mvcwithoutactuator;

import org.jspecify.annotations.NullMarked;
