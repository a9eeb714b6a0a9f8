package com.example.webfluxnetty;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A reactive service on Reactor Netty that asks its sidecar through Spring Boot's
 * {@code WebClient.Builder}.
 */
@SpringBootApplication
@RestController
public class WebFluxNettyApplication {

	private final WebClient sidecar;

	public WebFluxNettyApplication(WebClient.Builder builder, @Value("${sidecar.url}") String sidecarUrl) {
		this.sidecar = builder.baseUrl(sidecarUrl).build();
	}

	@GetMapping("/hello")
	Mono<String> hello() {
		return this.sidecar.get().uri("/ping").retrieve().bodyToMono(String.class).map((body) -> "sidecar says " + body);
	}

	public static void main(String[] args) {
		SpringApplication.run(WebFluxNettyApplication.class, args);
	}

}
