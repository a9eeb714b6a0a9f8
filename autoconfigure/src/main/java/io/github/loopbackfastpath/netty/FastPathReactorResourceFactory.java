package io.github.loopbackfastpath.netty;

import io.github.loopbackfastpath.LoopbackFastPath;
import org.jspecify.annotations.Nullable;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import org.springframework.http.client.ReactorResourceFactory;

/**
 * A view of the application's {@link ReactorResourceFactory} for Spring Boot's Netty web
 * server: the same event loops and connections, with {@link #getLoopResources()} wrapped
 * in {@link FastPathLoopResources}. Spring Boot's {@code NettyWebServer} applies the
 * resource factory's loop resources with {@code HttpServer.runOn(...)} after every
 * {@code NettyServerCustomizer} has run, so this is the place where the listening channel
 * can be chosen. The view has no lifecycle of its own: the real factory stays the
 * application's bean, started and stopped by the context.
 */
public class FastPathReactorResourceFactory extends ReactorResourceFactory {

	private final ReactorResourceFactory resources;

	private final LoopbackFastPath fastPath;

	private final String component;

	private volatile @Nullable FastPathLoopResources wrapped;

	/**
	 * Creates the view.
	 * @param resources the application's resource factory
	 * @param fastPath the fast path
	 * @param component the component name listeners are recorded under
	 */
	public FastPathReactorResourceFactory(ReactorResourceFactory resources, LoopbackFastPath fastPath,
			String component) {
		this.resources = resources;
		this.fastPath = fastPath;
		this.component = component;
	}

	@Override
	public LoopResources getLoopResources() {
		LoopResources loops = this.resources.getLoopResources();
		FastPathLoopResources wrapped = this.wrapped;
		// The factory creates new loops when it is restarted; wrap whatever it has now.
		if (wrapped == null || wrapped.delegate() != loops) {
			wrapped = new FastPathLoopResources(loops, this.fastPath, this.component);
			this.wrapped = wrapped;
		}
		return wrapped;
	}

	@Override
	public ConnectionProvider getConnectionProvider() {
		return this.resources.getConnectionProvider();
	}

	@Override
	public boolean isRunning() {
		return this.resources.isRunning();
	}

	@Override
	public void start() {
		// Lifecycle belongs to the application's bean.
	}

	@Override
	public void stop() {
		// Lifecycle belongs to the application's bean.
	}

}
