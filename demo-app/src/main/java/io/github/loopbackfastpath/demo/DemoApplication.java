package io.github.loopbackfastpath.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A service with a sidecar on loopback: it calls the sidecar through RestClient and
 * WebClient, and the sidecar forwards traffic to it. With
 * {@code loopback.fastpath.enabled=true} every one of those loopback connections is
 * offered the fast path, and {@code /actuator/loopback} shows what happened.
 */
@SpringBootApplication
@EnableConfigurationProperties(SidecarProperties.class)
public class DemoApplication {

	public static void main(String[] args) {
		SpringApplication.run(DemoApplication.class, args);
	}

}
