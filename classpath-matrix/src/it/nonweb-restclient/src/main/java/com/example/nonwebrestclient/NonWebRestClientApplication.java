package com.example.nonwebrestclient;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.client.RestClient;

/**
 * A worker without a web server: once started, it asks its sidecar through Spring Boot's
 * {@code RestClient.Builder}.
 */
@SpringBootApplication
public class NonWebRestClientApplication implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(NonWebRestClientApplication.class);

	private final RestClient sidecar;

	public NonWebRestClientApplication(RestClient.Builder builder, @Value("${sidecar.url}") String sidecarUrl) {
		this.sidecar = builder.baseUrl(sidecarUrl).build();
	}

	@Override
	public void run(ApplicationArguments args) {
		logger.info("sidecar says " + this.sidecar.get().uri("/ping").retrieve().body(String.class));
	}

	public static void main(String[] args) {
		SpringApplication.run(NonWebRestClientApplication.class, args);
	}

}
