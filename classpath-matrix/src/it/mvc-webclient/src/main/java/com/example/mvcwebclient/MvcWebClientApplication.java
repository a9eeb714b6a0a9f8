package com.example.mvcwebclient;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A Spring MVC service that asks its sidecar through Spring Boot's {@code WebClient.Builder}.
 */
@SpringBootApplication
@RestController
public class MvcWebClientApplication {

	private final WebClient sidecar;

	public MvcWebClientApplication(WebClient.Builder builder, @Value("${sidecar.url}") String sidecarUrl) {
		this.sidecar = builder.baseUrl(sidecarUrl).build();
	}

	@GetMapping("/hello")
	String hello() {
		return "sidecar says " + this.sidecar.get().uri("/ping").retrieve().bodyToMono(String.class).block();
	}

	public static void main(String[] args) {
		SpringApplication.run(MvcWebClientApplication.class, args);
	}

}
