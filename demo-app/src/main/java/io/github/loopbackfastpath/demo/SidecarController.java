package io.github.loopbackfastpath.demo;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Talks to the sidecar over loopback the ways a service does: RestClient and WebClient
 * for outbound calls, and an inbound call that the sidecar forwards back to this server.
 */
@RestController
class SidecarController {

	private final RestClient restClient;

	private final WebClient webClient;

	private final SidecarProperties sidecar;

	SidecarController(RestClient.Builder restClient, WebClient.Builder webClient, SidecarProperties sidecar) {
		this.restClient = restClient.build();
		this.webClient = webClient.build();
		this.sidecar = sidecar;
	}

	@GetMapping("/hello")
	Map<String, String> hello() {
		String sidecar = this.sidecar.url();
		Map<String, String> result = new LinkedHashMap<>();
		result.put("restclient",
				this.restClient.get().uri(sidecar + "/upstream/greeting").retrieve().body(String.class));
		result.put("webclient",
				this.webClient.get().uri(sidecar + "/upstream/greeting").retrieve().bodyToMono(String.class).block());
		result.put("inbound", this.restClient.get().uri(sidecar + "/app/ping").retrieve().body(String.class));
		return result;
	}

	@GetMapping("/ping")
	String ping() {
		return "pong";
	}

}
