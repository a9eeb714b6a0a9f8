package com.example.unixsidecar;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A Spring MVC service that asks its sidecar through Spring Boot's {@code RestClient.Builder} and
 * {@code WebClient.Builder}, at a loopback URL that a Unix-socket route sends over the sidecar's
 * socket.
 */
@SpringBootApplication
@RestController
public class UnixSidecarApplication {

	private final RestClient restClient;

	private final WebClient webClient;

	public UnixSidecarApplication(RestClient.Builder restClient, WebClient.Builder webClient,
			@Value("${sidecar.url}") String sidecarUrl) {
		this.restClient = restClient.baseUrl(sidecarUrl).build();
		this.webClient = webClient.baseUrl(sidecarUrl).build();
	}

	@GetMapping("/rest")
	String rest() {
		return "sidecar says " + this.restClient.get().uri("/ping").retrieve().body(String.class);
	}

	@GetMapping("/web")
	String web() {
		return "sidecar says " + this.webClient.get().uri("/ping").retrieve().bodyToMono(String.class).block();
	}

	public static void main(String[] args) {
		SpringApplication.run(UnixSidecarApplication.class, args);
	}

}
