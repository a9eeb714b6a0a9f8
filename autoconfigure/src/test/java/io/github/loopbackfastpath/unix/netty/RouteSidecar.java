package io.github.loopbackfastpath.unix.netty;

import java.io.IOException;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * A sidecar that listens only on a Unix socket (Reactor Netty on the JDK's AF_UNIX
 * support, a server the starter never hooks), with the answers the route tests need:
 * {@code /redirect?to=URL} answers {@code 302} to that URL, a {@code POST} to
 * {@code /see-other?to=URL} answers {@code 303}, {@code /upload} answers the length and
 * CRC-32 of the body it streamed, {@code /header} the test header, anything else
 * {@code <name>:<path>}.
 */
final class RouteSidecar implements AutoCloseable {

	static final String TEST_HEADER = "X-Loopback-Test";

	private final String name;

	private final Path path;

	private final LoopResources loops;

	private final DisposableServer server;

	private final AtomicInteger connections = new AtomicInteger();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final List<String> hosts = new CopyOnWriteArrayList<>();

	private final List<String> versions = new CopyOnWriteArrayList<>();

	private RouteSidecar(String name, Path path) {
		this.name = name;
		this.path = path;
		this.loops = LoopResources.create("route-sidecar-" + name, 1, true);
		this.server = HttpServer.create()
			.runOn(this.loops, false)
			.bindAddress(() -> UnixDomainSocketAddress.of(path))
			.doOnChannelInit((observer, channel, remote) -> this.connections.incrementAndGet())
			.handle(this::answer)
			.bindNow();
	}

	static RouteSidecar start(String name, Path path) {
		return new RouteSidecar(name, path);
	}

	private org.reactivestreams.Publisher<Void> answer(HttpServerRequest request, HttpServerResponse response) {
		URI uri = URI.create(request.uri());
		this.requests.add(request.method().name() + " " + uri.getPath());
		this.hosts.add(String.valueOf(request.requestHeaders().get("Host")));
		this.versions.add(request.version().text());
		String to = (uri.getQuery() != null && uri.getQuery().startsWith("to=")) ? uri.getQuery().substring(3) : null;
		if (uri.getPath().equals("/redirect") && to != null) {
			return request.receive().then(response.status(HttpResponseStatus.FOUND).header("Location", to).send());
		}
		if (uri.getPath().equals("/see-other") && to != null) {
			return request.receive().then(response.status(HttpResponseStatus.SEE_OTHER).header("Location", to).send());
		}
		if (uri.getPath().equals("/upload")) {
			CRC32 crc = new CRC32();
			AtomicLong length = new AtomicLong();
			return request.receive().doOnNext((buffer) -> {
				length.addAndGet(buffer.readableBytes());
				for (ByteBuffer nio : buffer.nioBuffers()) {
					crc.update(nio);
				}
			}).then(Mono.defer(() -> response.sendString(Mono.just(length.get() + ":" + crc.getValue())).then()));
		}
		if (uri.getPath().equals("/header")) {
			return response.sendString(Mono.just(String.valueOf(request.requestHeaders().get(TEST_HEADER))));
		}
		return request.receive().then(response.sendString(Mono.just(this.name + ":" + uri.getPath())).then());
	}

	/**
	 * Requests so far, as {@code METHOD /path}.
	 * @return the requests, in order
	 */
	List<String> requests() {
		return List.copyOf(this.requests);
	}

	List<String> hosts() {
		return List.copyOf(this.hosts);
	}

	List<String> versions() {
		return List.copyOf(this.versions);
	}

	int connections() {
		return this.connections.get();
	}

	@Override
	public void close() throws IOException {
		this.server.disposeNow(Duration.ofSeconds(5));
		this.loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block();
		Files.deleteIfExists(this.path);
	}

}
