package io.github.loopbackfastpath.netty;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.loopbackfastpath.LoopbackFastPath;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

/**
 * Puts the connections of a Reactor Netty {@link HttpClient} on the loopback fast path.
 * <p>
 * The client keeps its connection provider (and so its pool: a pooled connection is
 * offered the fast path once, when it is opened, never per request) and its event loops;
 * only the channel class changes, through {@link FastPathLoopResources}. One wrapper is
 * kept per event loop source and component, because Reactor Netty's pools are keyed by
 * the loop resources instance. Wrappers of loop resources that have been disposed are
 * dropped on the next call, so an application that creates and disposes clients with loop
 * resources of their own does not grow this map.
 */
public final class FastPathReactorClients {

	private final LoopbackFastPath fastPath;

	private final Map<Key, FastPathLoopResources> loops = new ConcurrentHashMap<>();

	/**
	 * Creates the client support.
	 * @param fastPath the fast path
	 */
	public FastPathReactorClients(LoopbackFastPath fastPath) {
		this.fastPath = fastPath;
	}

	/**
	 * Returns a client whose new connections are offered the fast path.
	 * @param client the client
	 * @param component the component name its outcomes are recorded under
	 * @return the client, on the same event loops and connection provider
	 */
	public HttpClient apply(HttpClient client, String component) {
		LoopResources current = client.configuration().loopResources();
		if (current instanceof FastPathLoopResources) {
			return client;
		}
		this.loops.keySet().removeIf((key) -> key.loops().isDisposed());
		FastPathLoopResources wrapped = this.loops.computeIfAbsent(new Key(current, component),
				(key) -> new FastPathLoopResources(key.loops(), this.fastPath, key.component()));
		return client.runOn(wrapped, client.configuration().isPreferNative());
	}

	/**
	 * How many wrappers are kept, for tests.
	 * @return the number of loop resources and component pairs wrapped
	 */
	int wrappers() {
		return this.loops.size();
	}

	private record Key(LoopResources loops, String component) {
	}

}
