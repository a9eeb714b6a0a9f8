package com.example.webfluxnettyunixserver;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A reactive service on Reactor Netty, reached by its sidecar over the application's Unix socket
 * as well as its TCP port.
 */
@SpringBootApplication
@RestController
public class WebFluxNettyUnixServerApplication {

	@GetMapping("/hello")
	Mono<String> hello() {
		return Mono.just("hello from webflux");
	}

	public static void main(String[] args) {
		SpringApplication.run(WebFluxNettyUnixServerApplication.class, args);
	}

}
