package io.github.loopbackfastpath.benchmarks.endtoend;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * A non-web application whose auto-configured {@code WebClient.Builder} and
 * {@code RestClient.Builder} make the requests, exactly as an application calling its
 * sidecar would get them.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class ClientApplication {

}
