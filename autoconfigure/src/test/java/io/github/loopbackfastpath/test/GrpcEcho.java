package io.github.loopbackfastpath.test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;

/**
 * A unary gRPC echo service described by hand (a string marshaller, no code generation),
 * which remembers the client port of every call, so tests can tell which client socket
 * carried it.
 */
public final class GrpcEcho implements BindableService {

	private static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {

		@Override
		public InputStream stream(String value) {
			return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public String parse(InputStream stream) {
			try {
				return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	};

	/** The echo method. */
	public static final MethodDescriptor<String, String> ECHO = MethodDescriptor.<String, String>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName("loopback.Echo/Echo")
		.setRequestMarshaller(UTF8)
		.setResponseMarshaller(UTF8)
		.build();

	private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();

	@Override
	public ServerServiceDefinition bindService() {
		ServerServiceDefinition echo = ServerServiceDefinition.builder("loopback.Echo")
			.addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
				response.onNext("echo:" + request);
				response.onCompleted();
			}))
			.build();
		return ServerInterceptors.intercept(echo, new ServerInterceptor() {

			@Override
			public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
					ServerCallHandler<Q, R> next) {
				SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
				GrpcEcho.this.clientPorts.add((remote instanceof InetSocketAddress inet) ? inet.getPort() : -1);
				return next.startCall(call, headers);
			}

		});
	}

	/**
	 * The client port of each call so far, in order ({@code -1} for a non-TCP client).
	 * @return the ports
	 */
	public List<Integer> clientPorts() {
		return List.copyOf(this.clientPorts);
	}

	/**
	 * Calls the echo method, with a deadline.
	 * @param channel the channel
	 * @param message the request
	 * @return the response
	 */
	public static String call(Channel channel, String message) {
		return ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
				message);
	}

}
