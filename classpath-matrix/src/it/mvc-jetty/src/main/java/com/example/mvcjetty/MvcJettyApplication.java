package com.example.mvcjetty;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring MVC service on Jetty.
 */
@SpringBootApplication
@RestController
public class MvcJettyApplication {

	@GetMapping("/hello")
	String hello() {
		return "hello from Spring MVC on Jetty";
	}

	public static void main(String[] args) {
		SpringApplication.run(MvcJettyApplication.class, args);
	}

}
