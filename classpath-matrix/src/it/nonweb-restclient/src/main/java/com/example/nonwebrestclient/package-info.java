/**
 * The nonweb-restclient application of the classpath matrix.
 */
@NullMarked
package com.example.nonwebrestclient;

import org.jspecify.annotations.NullMarked;
