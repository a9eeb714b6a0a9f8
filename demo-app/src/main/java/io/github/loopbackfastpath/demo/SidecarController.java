package io.github.loopbackfastpath.demo;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Talks to the sidecar over loopback the ways a service does: RestClient and WebClient for
 * outbound calls, and an inbound call that the sidecar forwards back to this server.
 */
@RestController
class SidecarController {

	private final RestClient restClient;

	private final WebClient webClient;

	SidecarController(RestClient.Builder restClient, WebClient.Builder webClient, SidecarProperties sidecar) {
		this.restClient = restClient.baseUrl(sidecar.url()).build();
		this.webClient = webClient.baseUrl(sidecar.url()).build();
	}

	@GetMapping("/hello")
	Map<String, String> hello() {
		Map<String, String> result = new LinkedHashMap<>();
		result.put("restclient", this.restClient.get().uri("/upstream/greeting").retrieve().body(String.class));
		result.put("webclient",
				this.webClient.get().uri("/upstream/greeting").retrieve().bodyToMono(String.class).block());
		result.put("inbound", this.restClient.get().uri("/app/ping").retrieve().body(String.class));
		return result;
	}

	@GetMapping("/ping")
	String ping() {
		return "pong";
	}

}
