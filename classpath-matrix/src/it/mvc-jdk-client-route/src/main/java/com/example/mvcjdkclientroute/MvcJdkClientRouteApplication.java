package com.example.mvcjdkclientroute;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A Spring MVC service that asks its sidecar through Spring Boot's {@code RestClient.Builder}.
 */
@SpringBootApplication
@RestController
public class MvcJdkClientRouteApplication {

	private final RestClient sidecar;

	public MvcJdkClientRouteApplication(RestClient.Builder builder, @Value("${sidecar.url}") String sidecarUrl) {
		this.sidecar = builder.baseUrl(sidecarUrl).build();
	}

	@GetMapping("/hello")
	String hello() {
		return "sidecar says " + this.sidecar.get().uri("/ping").retrieve().body(String.class);
	}

	public static void main(String[] args) {
		SpringApplication.run(MvcJdkClientRouteApplication.class, args);
	}

}
