package io.github.loopbackfastpath.unix.httpcomponents;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * A sidecar that listens only on a Unix socket (Reactor Netty on the JDK's AF_UNIX
 * support, which the starter never hooks) and answers what a test scripts through the
 * path: {@code /303?to=URL}, {@code /307?to=URL} and {@code /302?to=URL} redirect there,
 * {@code /hold} waits until {@link #release()}, anything else answers 200 with
 * {@code <name> <method> <path> <bytes> <crc32>} of the request body it read, in pieces,
 * as it arrived. Every request is recorded with its body's size and checksum, after the
 * body was read.
 */
final class ScriptedSidecar implements AutoCloseable {

	private final Path path;

	private final String name;

	private final LoopResources loops;

	private final DisposableServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicInteger held = new AtomicInteger();

	private final CompletableFuture<Void> release = new CompletableFuture<>();

	private ScriptedSidecar(Path path, String name, Duration idleTimeout) {
		this.path = path;
		this.name = name;
		this.loops = LoopResources.create("scripted-sidecar", 1, true);
		this.server = HttpServer.create()
			.runOn(this.loops, false)
			.bindAddress(() -> UnixDomainSocketAddress.of(path))
			.idleTimeout(idleTimeout)
			.doOnChannelInit((observer, channel, remote) -> {
				this.connections.incrementAndGet();
				this.open.incrementAndGet();
				channel.closeFuture().addListener((closed) -> this.open.decrementAndGet());
			})
			.handle(this::handle)
			.bindNow();
	}

	/**
	 * Starts a sidecar that keeps idle connections open.
	 * @param path the socket path; nothing may be there
	 * @param name what its 200 answers start with
	 * @return the running sidecar
	 */
	static ScriptedSidecar start(Path path, String name) {
		return new ScriptedSidecar(path, name, Duration.ofMinutes(5));
	}

	/**
	 * Starts a sidecar that closes connections idle for longer than a time, leaving them
	 * stale in the client's pool.
	 * @param path the socket path; nothing may be there
	 * @param name what its 200 answers start with
	 * @param idleTimeout how long a connection may be idle
	 * @return the running sidecar
	 */
	static ScriptedSidecar start(Path path, String name, Duration idleTimeout) {
		return new ScriptedSidecar(path, name, idleTimeout);
	}

	private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		CRC32 crc = new CRC32();
		long[] bytes = new long[1];
		return request.receive().doOnNext((buffer) -> {
			bytes[0] += buffer.readableBytes();
			for (ByteBuffer piece : buffer.nioBuffers()) {
				crc.update(piece);
			}
		}).then(Mono.defer(() -> {
			QueryStringDecoder uri = new QueryStringDecoder(request.uri());
			this.received.add(new Received(request.method().name(), uri.path(), bytes[0], crc.getValue()));
			List<String> to = uri.parameters().get("to");
			switch (uri.path()) {
				case "/303":
					return redirect(response, HttpResponseStatus.SEE_OTHER, to);
				case "/307":
					return redirect(response, HttpResponseStatus.TEMPORARY_REDIRECT, to);
				case "/302":
					return redirect(response, HttpResponseStatus.FOUND, to);
				case "/hold":
					this.held.incrementAndGet();
					return Mono.fromFuture(this.release).then(response.sendString(Mono.just(this.name)).then());
				default:
					return response
						.sendString(Mono.just(this.name + " " + request.method().name() + " " + uri.path() + " "
								+ bytes[0] + " " + crc.getValue()))
						.then();
			}
		}));
	}

	private static Mono<Void> redirect(HttpServerResponse response, HttpResponseStatus status, List<String> to) {
		return response.status(status).header("Location", to.get(0)).send();
	}

	/**
	 * The requests so far, each recorded once its body was read.
	 * @return the requests, in order
	 */
	List<Received> received() {
		return List.copyOf(this.received);
	}

	/**
	 * Connections accepted so far.
	 * @return the count
	 */
	int connections() {
		return this.connections.get();
	}

	/**
	 * Connections open now.
	 * @return the count
	 */
	int openConnections() {
		return this.open.get();
	}

	/**
	 * Requests to {@code /hold} waiting now or answered since.
	 * @return the count
	 */
	int held() {
		return this.held.get();
	}

	/**
	 * Answers every request to {@code /hold}, now and from now on.
	 */
	void release() {
		this.release.complete(null);
	}

	@Override
	public void close() throws IOException {
		release();
		this.server.disposeNow(Duration.ofSeconds(5));
		this.loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block();
		Files.deleteIfExists(this.path);
	}

	/**
	 * One request the sidecar read.
	 *
	 * @param method the method
	 * @param path the path, without the query
	 * @param bytes the body's size
	 * @param crc the body's CRC-32
	 */
	record Received(String method, String path, long bytes, long crc) {

	}

}
