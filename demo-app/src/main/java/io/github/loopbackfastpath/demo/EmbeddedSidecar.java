package io.github.loopbackfastpath.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The default sidecar: a tiny proxy on 127.0.0.1, in this JVM but outside the
 * application's HTTP stack, like a real sidecar. It plays both of a sidecar's roles:
 * <ul>
 * <li>{@code /upstream/**}: an upstream service the application calls through the sidecar
 * (outbound);</li>
 * <li>{@code /app/**}: forwarded to the application's own server (inbound), as a mesh
 * proxy forwards the traffic it receives.</li>
 * </ul>
 * It uses the JDK's HTTP server and client, which never set
 * {@code SIO_LOOPBACK_FASTPATH}: a reminder that on Windows both ends must opt in, so
 * connections to and from this sidecar stay on the ordinary loopback path whatever the
 * application does.
 */
@Component
@ConditionalOnProperty(name = "demo.sidecar.mode", havingValue = "embedded", matchIfMissing = true)
class EmbeddedSidecar implements SmartLifecycle, ApplicationListener<WebServerInitializedEvent> {

	private static final Log logger = LogFactory.getLog(EmbeddedSidecar.class);

	private final SidecarProperties properties;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private volatile int applicationPort;

	// Both set by start() and cleared by stop(): the sidecar runs only between the two.
	private volatile @Nullable HttpServer server;

	private volatile @Nullable ExecutorService executor;

	EmbeddedSidecar(SidecarProperties properties) {
		this.properties = properties;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getParent() == null) {
			this.applicationPort = event.getWebServer().getPort();
		}
	}

	@Override
	public void start() {
		try {
			HttpServer server = HttpServer
				.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.properties.getPort()), 50);
			this.executor = Executors.newFixedThreadPool(4);
			server.setExecutor(this.executor);
			server.createContext("/upstream/", this::upstream);
			server.createContext("/app/", this::forwardToApplication);
			server.start();
			this.server = server;
			// With demo.sidecar.port=0 (tests), publish the port the system chose.
			this.properties.setPort(server.getAddress().getPort());
			logger.info("Embedded sidecar listening on " + this.properties.url());
		}
		catch (IOException ex) {
			throw new IllegalStateException("The embedded sidecar could not listen on " + this.properties.url()
					+ ": set demo.sidecar.port to a free port", ex);
		}
	}

	private void upstream(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath().substring("/upstream".length());
		respond(exchange, 200, "{\"from\":\"embedded-sidecar\",\"path\":\"" + path + "\"}");
	}

	private void forwardToApplication(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath().substring("/app".length());
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.applicationPort + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
			respond(exchange, response.statusCode(), response.body());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			respond(exchange, 503, "{\"error\":\"interrupted\"}");
		}
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void stop() {
		HttpServer server = this.server;
		if (server != null) {
			server.stop(0);
			this.server = null;
		}
		ExecutorService executor = this.executor;
		if (executor != null) {
			executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

}
