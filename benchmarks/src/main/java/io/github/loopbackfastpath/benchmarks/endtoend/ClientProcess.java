package io.github.loopbackfastpath.benchmarks.endtoend;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.loopbackfastpath.benchmarks.Load;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.outcome.FastPathOutcomes;
import io.github.loopbackfastpath.unix.UnixRoute;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The client process: starts the {@link ClientApplication} deployments named on its
 * command line ({@code id standIn properties}, repeated) and answers {@code ready}; then
 * <ul>
 * <li>{@code target NAME APP KIND URL SOCKET BODY UPLOAD} builds the client {@code NAME}:
 * the auto-configured {@code webclient} or {@code restclient} of application {@code APP}
 * with base URL {@code URL}, or a hand-wired Reactor Netty client connected to the Unix
 * socket {@code SOCKET} ({@code webclient-hand}, {@code restclient-hand}) or to
 * {@code URL} over TCP ({@code webclient-hand-tcp}, {@code restclient-hand-tcp});
 * {@code GET /ping} must answer {@code BODY}; an upload sends {@code UPLOAD} bytes (a
 * multiple of 1 MiB);</li>
 * <li>{@code routed APP} answers {@code connections fallbacks failures not_covered} of
 * the application's AF_UNIX routes;</li>
 * <li>{@code run NAME keepalive|connect|upload IN_FLIGHT MILLIS MAX_COUNT} measures it
 * ({@code upload}: one after the other, {@code POST /upload} with a
 * {@code Content-Length}, whose answer must be that count) and answers
 * {@code count nanos p50_us p99_us p999_us cpu_nanos offers native_calls}, where
 * {@code cpu_nanos} is this process's CPU time during the run, {@code offers} how many
 * sockets the starter was offered ({@code -1} without starter) and {@code native_calls}
 * how many times the C stand-in's {@code WSAIoctl} ran ({@code -1} without
 * stand-in);</li>
 * <li>{@code pair NAME_A NAME_B MILLIS MAX_COUNT} measures two clients' kept-alive
 * latency in one run, their requests in turn ({@link Load#alternating}), and answers
 * {@code count nanos p50_a p99_a p999_a p50_b p99_b p999_b} (in microseconds;
 * {@code count} requests of each).</li>
 * </ul>
 */
public final class ClientProcess {

	/**
	 * The most requests in flight of any run: the pool never holds more idle connections.
	 */
	static final int MAX_IN_FLIGHT = 16;

	/**
	 * What an upload sends: the same chunk again and again, so that the client holds 1
	 * MiB however large the upload, and whatever a route buffers is the route's own
	 * doing.
	 */
	private static final byte[] UPLOAD_CHUNK = new byte[1 << 20];

	static {
		for (int i = 0; i < UPLOAD_CHUNK.length; i++) {
			UPLOAD_CHUNK[i] = (byte) i;
		}
	}

	private final Map<String, ConfigurableApplicationContext> apps = new LinkedHashMap<>();

	private final Map<String, Target> targets = new LinkedHashMap<>();

	private @Nullable StandInCalls standInCalls;

	private ClientProcess() {
	}

	/**
	 * Runs the clients.
	 * @param args the deployments, three arguments each
	 * @throws Exception when a client cannot start
	 */
	public static void main(String[] args) throws Exception {
		ClientProcess clients = new ClientProcess();
		try {
			for (int i = 0; i + 2 < args.length; i += 3) {
				clients.apps.put(args[i],
						Apps.start(ClientApplication.class, WebApplicationType.NONE, args[i + 1], args[i + 2]));
				if (!args[i + 1].equals("-") && clients.standInCalls == null) {
					clients.standInCalls = new StandInCalls(args[i + 1]);
				}
			}
			ChildJvm.serve("ready", clients::command);
		}
		finally {
			for (ConfigurableApplicationContext context : clients.apps.values()) {
				context.close();
			}
		}
		System.exit(0);
	}

	private String command(String[] command) {
		try {
			return switch (command[0]) {
				case "target" -> target(command[1], command[2], command[3], command[4], command[5], command[6],
						Integer.parseInt(command[7]));
				case "routed" -> routed(this.apps.get(command[1]));
				case "run" -> run(this.targets.get(command[1]), command[2], Integer.parseInt(command[3]),
						Integer.parseInt(command[4]), Integer.parseInt(command[5]));
				case "pair" -> pair(this.targets.get(command[1]), this.targets.get(command[2]),
						Integer.parseInt(command[3]), Integer.parseInt(command[4]));
				default -> throw new IllegalArgumentException("Unknown command " + String.join(" ", command));
			};
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What the Unix-socket routes of an application did: connections opened over them,
	 * fallbacks to TCP, failures, and the clients the starter could not route.
	 */
	private String routed(ConfigurableApplicationContext context) {
		UnixSocketTransport transport = context.getBean(UnixSocketTransport.class);
		long connections = 0;
		long fallbacks = 0;
		long failures = 0;
		for (UnixRoute route : transport.routes().values()) {
			connections += route.connections();
			fallbacks += route.fallbacks();
			failures += route.failures();
		}
		return connections + " " + fallbacks + " " + failures + " " + transport.coverage().notCovered().size();
	}

	private String target(String name, String app, String kind, String url, String socket, String expected,
			int uploadBytes) {
		ConfigurableApplicationContext context = this.apps.get(app);
		String host = url.substring(url.indexOf("//") + 2);
		Load.Call keepAlive;
		Load.Call close;
		Load.Call upload = () -> {
			throw new IllegalStateException("No upload from " + kind);
		};
		switch (kind) {
			case "webclient", "webclient-hand", "webclient-hand-tcp" -> {
				WebClient client = switch (kind) {
					case "webclient" -> context.getBean(WebClient.Builder.class).baseUrl(url).build();
					case "webclient-hand" -> WebClient.builder()
						.clientConnector(new ReactorClientHttpConnector(handWired(Path.of(socket))))
						.defaultHeader(HttpHeaders.HOST, host)
						.build();
					default -> WebClient.builder()
						.clientConnector(new ReactorClientHttpConnector(HttpClient.create()))
						.baseUrl(url)
						.build();
				};
				keepAlive = () -> check(expected,
						client.get().uri("/ping").retrieve().bodyToMono(String.class).block());
				close = () -> check(expected,
						client.get()
							.uri("/ping")
							.header(HttpHeaders.CONNECTION, "close")
							.retrieve()
							.bodyToMono(String.class)
							.block());
				upload = () -> check(Integer.toString(uploadBytes), client.post()
					.uri("/upload")
					.contentLength(uploadBytes)
					.body((message, ignored) -> message.writeWith(Flux.range(0, uploadBytes / UPLOAD_CHUNK.length)
						.map((i) -> message.bufferFactory().wrap(ByteBuffer.wrap(UPLOAD_CHUNK).asReadOnlyBuffer()))))
					.retrieve()
					.bodyToMono(String.class)
					.block());
			}
			case "restclient", "restclient-hand", "restclient-hand-tcp" -> {
				RestClient client = switch (kind) {
					case "restclient" -> context.getBean(RestClient.Builder.class).baseUrl(url).build();
					case "restclient-hand" -> RestClient.builder()
						.requestFactory(new ReactorClientHttpRequestFactory(handWired(Path.of(socket))))
						.defaultHeader(HttpHeaders.HOST, host)
						.build();
					default -> RestClient.builder()
						.requestFactory(new ReactorClientHttpRequestFactory(HttpClient.create()))
						.baseUrl(url)
						.build();
				};
				keepAlive = () -> check(expected, client.get().uri("/ping").retrieve().body(String.class));
				close = () -> check(expected,
						client.get()
							.uri("/ping")
							.header(HttpHeaders.CONNECTION, "close")
							.retrieve()
							.body(String.class));
				upload = () -> check(Integer.toString(uploadBytes),
						client.post().uri("/upload").contentLength(uploadBytes).body((output) -> {
							for (int sent = 0; sent < uploadBytes; sent += UPLOAD_CHUNK.length) {
								output.write(UPLOAD_CHUNK);
							}
						}).retrieve().body(String.class));
			}
			default -> throw new IllegalArgumentException("Unknown client " + kind);
		}
		FastPathOutcomes outcomes = context.getBeanProvider(FastPathOutcomes.class).getIfAvailable();
		String component = kind.contains("-hand") ? null : kind;
		this.targets.put(name, new Target(keepAlive, close, upload, (component != null) ? outcomes : null, component));
		return "ok";
	}

	/**
	 * What a user would write without the starter: Reactor Netty's client on the socket
	 * address of its transport (the JDK's {@code UnixDomainSocketAddress} on NIO), for
	 * request targets without scheme and host.
	 */
	private static HttpClient handWired(Path socket) {
		return HttpClient.create()
			.remoteAddress(() -> UnixDomainSocketAddress.of(socket))
			.doOnChannelInit((observer, channel, remote) -> channel.pipeline()
				.addAfter(NettyPipeline.HttpCodec, "http11", Http11RequestLine.INSTANCE));
	}

	private String run(Target target, String mode, int inFlight, int millis, int maxCount) throws Exception {
		boolean connect = mode.equals("connect");
		if (connect) {
			// Uses up the pool's idle connections, so that every measured request opens a
			// new one.
			Load.sequential(target.close(), 1000, MAX_IN_FLIGHT);
		}
		else {
			// Fills the pool with as many connections as the run keeps busy.
			Load.concurrent(target.keepAlive(), inFlight, 100, inFlight * 50);
		}
		Load.Call call = switch (mode) {
			case "connect" -> target.close();
			case "keepalive" -> target.keepAlive();
			case "upload" -> target.upload();
			default -> throw new IllegalArgumentException("Unknown mode " + mode);
		};
		long offers = target.offers();
		long nativeCalls = (this.standInCalls != null) ? this.standInCalls.count() : -1;
		long cpu = ChildJvm.processCpuNanos();
		Load.Run run = (inFlight == 1) ? Load.sequential(call, millis, maxCount)
				: Load.concurrent(call, inFlight, millis, maxCount);
		cpu = ChildJvm.processCpuNanos() - cpu;
		offers = (offers < 0) ? -1 : target.offers() - offers;
		nativeCalls = (nativeCalls < 0) ? -1 : this.standInCalls.count() - nativeCalls;
		return String.format(Locale.ROOT, "%d %d %.3f %.3f %.3f %d %d %d", run.count(), run.nanos(), run.micros(50),
				run.micros(99), run.micros(99.9), cpu, offers, nativeCalls);
	}

	private String pair(Target first, Target second, int millis, int maxCount) throws Exception {
		Load.sequential(first.keepAlive(), 100, 50);
		Load.sequential(second.keepAlive(), 100, 50);
		Load.Run[] runs = Load.alternating(first.keepAlive(), second.keepAlive(), millis, maxCount);
		return String.format(Locale.ROOT, "%d %d %.3f %.3f %.3f %.3f %.3f %.3f", runs[0].count(), runs[0].nanos(),
				runs[0].micros(50), runs[0].micros(99), runs[0].micros(99.9), runs[1].micros(50), runs[1].micros(99),
				runs[1].micros(99.9));
	}

	private static void check(String expected, @Nullable String body) {
		if (!expected.equals(body)) {
			throw new IllegalStateException("Unexpected response: " + body + ", expected " + expected);
		}
	}

	private record Target(Load.Call keepAlive, Load.Call close, Load.Call upload, @Nullable FastPathOutcomes outcomes,
			@Nullable String component) {

		/**
		 * How many client sockets the starter has been offered so far, whatever the
		 * outcome.
		 */
		long offers() {
			if (this.outcomes == null || this.component == null) {
				return -1;
			}
			ComponentStats stats = this.outcomes.components().get(this.component);
			return (stats != null) ? stats.applied() + stats.failed() + stats.skipped() : 0;
		}

	}

	/**
	 * Keeps the request line at {@code HTTP/1.1} on the NIO transport: Reactor Netty 1.3
	 * takes a channel that is neither a TCP socket channel nor a native domain socket
	 * channel (Netty's {@code NioDomainSocketChannel}) for HTTP/3 and would send
	 * {@code GET /ping HTTP/3.0}, which Tomcat refuses (505). The starter's route does
	 * the same.
	 */
	@ChannelHandler.Sharable
	static final class Http11RequestLine extends ChannelOutboundHandlerAdapter {

		static final Http11RequestLine INSTANCE = new Http11RequestLine();

		@Override
		public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
			if (message instanceof HttpRequest request && request.protocolVersion().majorVersion() > 1) {
				request.setProtocolVersion(HttpVersion.HTTP_1_1);
			}
			super.write(context, message, promise);
		}

	}

}
