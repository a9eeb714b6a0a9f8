package com.example.unixroutehttpclient5;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * A Spring MVC service that asks its sidecar through Spring Boot's {@code RestClient.Builder} and
 * {@code RestTemplateBuilder}, both on Apache HttpClient 5, at a loopback URL that a Unix-socket
 * route sends over the sidecar's socket.
 */
@SpringBootApplication
@RestController
public class UnixRouteHttpClient5Application {

	private final RestClient restClient;

	private final RestTemplate restTemplate;

	public UnixRouteHttpClient5Application(RestClient.Builder restClient, RestTemplateBuilder restTemplate,
			@Value("${sidecar.url}") String sidecarUrl) {
		this.restClient = restClient.baseUrl(sidecarUrl).build();
		this.restTemplate = restTemplate.rootUri(sidecarUrl).build();
	}

	@GetMapping("/rest")
	String rest() {
		return "sidecar says " + this.restClient.get().uri("/ping").retrieve().body(String.class);
	}

	@GetMapping("/template")
	String template() {
		return "sidecar says " + this.restTemplate.getForObject("/ping", String.class);
	}

	public static void main(String[] args) {
		SpringApplication.run(UnixRouteHttpClient5Application.class, args);
	}

}
