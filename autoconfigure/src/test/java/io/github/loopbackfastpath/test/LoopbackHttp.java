package io.github.loopbackfastpath.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP GETs to loopback addresses with the JDK client, which the starter never
 * hooks: the traffic a sidecar would send to the application.
 */
public final class LoopbackHttp {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private LoopbackHttp() {
	}

	/**
	 * GETs a path over loopback.
	 * @param host {@code 127.0.0.1} or {@code [::1]}
	 * @param port the port
	 * @param path the path
	 * @return the response body
	 * @throws IOException on failure or a status other than 200
	 */
	public static String get(String host, int port, String path) throws IOException {
		if (!host.equals("127.0.0.1") && !host.equals("[::1]")) {
			throw new IllegalArgumentException("Tests only talk to loopback, not " + host);
		}
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IOException("GET " + request.uri() + " returned " + response.statusCode());
			}
			return response.body();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

}
