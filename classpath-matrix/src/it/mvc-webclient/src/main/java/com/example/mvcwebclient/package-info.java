/**
 * The mvc-webclient application of the classpath matrix.
 */
@NullMarked
package com.example.mvcwebclient;

import org.jspecify.annotations.NullMarked;
