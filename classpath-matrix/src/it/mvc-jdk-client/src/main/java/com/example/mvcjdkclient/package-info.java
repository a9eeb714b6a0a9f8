/**
 * The mvc-jdk-client application of the classpath matrix.
 */
@NullMarked
package com.example.mvcjdkclient;

import org.jspecify.annotations.NullMarked;
