package io.github.loopbackfastpath.grpc.autoconfigure;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.policy.SkipReason;
import io.grpc.Server;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycleEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerShutdownEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/**
 * When one of Spring Boot's gRPC servers has started, adds each of its listening sockets
 * that the starter did not hook to the status report under {@code grpc-server}, with the
 * reason, so that it shows up instead of missing: a Unix domain socket or an in-process
 * server (no TCP), a grpc-netty-shaded server, or a grpc-netty server where nothing would
 * be applied. Hooked listeners report themselves when they bind. Names only Spring gRPC
 * and gRPC API types, so it works whatever the transport.
 */
final class GrpcServerListenerReport implements ApplicationListener<GrpcServerLifecycleEvent> {

	static final String NOT_TCP = "not a TCP socket (Unix domain socket or in-process server): nothing to apply";

	static final String NOT_GRPC_NETTY = "this gRPC server does not run on grpc-netty (grpc-netty-shaded relocates "
			+ "Netty, and the starter cannot hand it channels); use io.grpc:grpc-netty, which "
			+ "spring-boot-starter-grpc-server brings, instead of grpc-netty-shaded";

	private final LoopbackFastPath fastPath;

	private final ObjectProvider<GrpcServerFastPath> netty;

	private final Map<Server, List<FastPathListener>> listeners = new ConcurrentHashMap<>();

	GrpcServerListenerReport(LoopbackFastPath fastPath, ObjectProvider<GrpcServerFastPath> netty) {
		this.fastPath = fastPath;
		this.netty = netty;
	}

	@Override
	public void onApplicationEvent(GrpcServerLifecycleEvent event) {
		Server server = event.getServer();
		if (event instanceof GrpcServerStartedEvent) {
			List<FastPathListener> added = new ArrayList<>();
			GrpcServerFastPath netty = this.netty.getIfAvailable();
			for (SocketAddress address : server.getListenSockets()) {
				FastPathListener listener = report(address, netty);
				if (listener != null) {
					added.add(listener);
				}
			}
			this.listeners.put(server, added);
		}
		else if (event instanceof GrpcServerShutdownEvent) {
			List<FastPathListener> added = this.listeners.remove(server);
			if (added != null) {
				added.forEach(this.fastPath.outcomes()::removeListener);
			}
		}
	}

	private @Nullable FastPathListener report(SocketAddress address, @Nullable GrpcServerFastPath netty) {
		String component = GrpcFastPathAutoConfiguration.GRPC_SERVER;
		if (!(address instanceof InetSocketAddress)) {
			return this.fastPath.unhookedListener(component, address, SkipReason.UNHOOKED, NOT_TCP);
		}
		if (netty == null || !netty.customized()) {
			return this.fastPath.unhookedListener(component, address, SkipReason.UNHOOKED, NOT_GRPC_NETTY);
		}
		SkipReason skip = netty.skip();
		// Null: the fast-path channel reported its own listener when it bound.
		return (skip != null) ? this.fastPath.unhookedListener(component, address, skip, null) : null;
	}

}
