/**
 * The mvc-httpclient5 application of the classpath matrix.
 */
@NullMarked
package com.example.mvchttpclient5;

import org.jspecify.annotations.NullMarked;
