/**
 * The mvc-jdk-client-route application of the classpath matrix.
 */
@NullMarked
package com.example.mvcjdkclientroute;

import org.jspecify.annotations.NullMarked;
