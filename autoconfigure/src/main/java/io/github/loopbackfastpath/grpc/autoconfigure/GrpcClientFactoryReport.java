package io.github.loopbackfastpath.grpc.autoconfigure;

import java.util.function.BooleanSupplier;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.grpc.client.autoconfigure.GrpcChannelFactoryCustomizer;
import org.springframework.grpc.client.GrpcChannelFactory;

/**
 * Puts {@code grpc-client} in the status report when Spring Boot creates its network
 * channel factory: covered for grpc-netty, not covered, with what to use instead, for
 * grpc-netty-shaded, by the fast path and, where routes are configured, by the
 * Unix-socket routes. The factories are told apart by class name, so that no shaded type
 * is loaded.
 */
final class GrpcClientFactoryReport implements GrpcChannelFactoryCustomizer {

	static final String NOT_COVERED_SHADED = "grpc-netty-shaded relocates Netty, so the starter cannot hand its "
			+ "channels the fast path; use io.grpc:grpc-netty (spring-boot-starter-grpc-client brings it) instead of "
			+ "grpc-netty-shaded";

	static final String ROUTES_NOT_APPLIED_SHADED = "grpc-netty-shaded relocates Netty, so the starter cannot give "
			+ "its channels the Unix-socket routes: a channel to a routed loopback port goes over TCP; use "
			+ "io.grpc:grpc-netty (spring-boot-starter-grpc-client brings it) instead of grpc-netty-shaded, or a unix: "
			+ "channel target (spring.grpc.client.channel.<name>.target=unix:<socket path>)";

	private static final String NETTY_FACTORY = "org.springframework.grpc.client.NettyGrpcChannelFactory";

	private static final String SHADED_FACTORY = "org.springframework.grpc.client.ShadedNettyGrpcChannelFactory";

	private final LoopbackFastPath fastPath;

	private final BooleanSupplier nettyHooked;

	private final @Nullable UnixSocketTransport unixSockets;

	/**
	 * Creates the report.
	 * @param fastPath the fast path
	 * @param nettyHooked whether the starter hooks grpc-netty channel builders here
	 * @param unixSockets the AF_UNIX transport, or {@code null}
	 */
	GrpcClientFactoryReport(LoopbackFastPath fastPath, BooleanSupplier nettyHooked,
			@Nullable UnixSocketTransport unixSockets) {
		this.fastPath = fastPath;
		this.nettyHooked = nettyHooked;
		this.unixSockets = unixSockets;
	}

	@Override
	public void customize(GrpcChannelFactory factory) {
		String type = factory.getClass().getName();
		if (type.equals(NETTY_FACTORY) && this.nettyHooked.getAsBoolean()) {
			this.fastPath.outcomes().stats(GrpcFastPathAutoConfiguration.GRPC_CLIENT);
		}
		else if (type.equals(SHADED_FACTORY)) {
			this.fastPath.notCovered(GrpcFastPathAutoConfiguration.GRPC_CLIENT, NOT_COVERED_SHADED);
			if (this.unixSockets != null) {
				// Recorded only where routes are configured.
				this.unixSockets.coverage()
					.notCovered(GrpcFastPathAutoConfiguration.GRPC_CLIENT, ROUTES_NOT_APPLIED_SHADED);
			}
		}
	}

}
