/**
 * The unix-route-httpclient5 application of the classpath matrix.
 */
@NullMarked
package com.example.unixroutehttpclient5;

import org.jspecify.annotations.NullMarked;
