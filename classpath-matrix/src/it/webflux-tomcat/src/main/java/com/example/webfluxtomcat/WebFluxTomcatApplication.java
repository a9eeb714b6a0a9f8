package com.example.webfluxtomcat;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A reactive service on Tomcat.
 */
@SpringBootApplication
@RestController
public class WebFluxTomcatApplication {

	@GetMapping("/hello")
	Mono<String> hello() {
		return Mono.just("hello from WebFlux on Tomcat");
	}

	public static void main(String[] args) {
		SpringApplication.run(WebFluxTomcatApplication.class, args);
	}

}
