/**
 * The webflux-tomcat application of the classpath matrix.
 */
@NullMarked
package com.example.webfluxtomcat;

import org.jspecify.annotations.NullMarked;
