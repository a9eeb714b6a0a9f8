package io.github.loopbackfastpath.unix.httpcomponents;

import java.io.IOException;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;

/**
 * Tells the connection operator whether the connection it opens is a proxy's. HttpClient
 * passes the operator the first hop and, for a plain {@code http} route through a proxy,
 * no target name, so the operator cannot tell a proxy on a routed loopback port from a
 * direct connection to it. This handler runs in front of HttpClient's connect step, for
 * every hop of a request (redirects included), and marks the request's context with
 * whether that hop's route has a proxy.
 */
final class ProxiedHops implements ExecChainHandler {

	/** The context attribute: {@code Boolean.TRUE} while the hop goes through a proxy. */
	static final String ATTRIBUTE = ProxiedHops.class.getName() + ".proxied";

	private static final String NAME = "loopback-fastpath-proxied-hops";

	private static final ProxiedHops INSTANCE = new ProxiedHops();

	private ProxiedHops() {
	}

	/**
	 * Installs the handler in front of the connect step.
	 * @param builder the client's builder
	 */
	static void install(HttpClientBuilder builder) {
		builder.addExecInterceptorBefore(ChainElement.CONNECT.name(), NAME, INSTANCE);
	}

	/**
	 * Whether the connection being opened in a context is a proxy's.
	 * @param context the request's context, as the connection operator gets it
	 * @return whether it goes through a proxy
	 */
	static boolean isProxied(@Nullable HttpContext context) {
		return context != null && Boolean.TRUE.equals(context.getAttribute(ATTRIBUTE));
	}

	@Override
	public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		scope.clientContext.setAttribute(ATTRIBUTE, scope.route.getProxyHost() != null);
		return chain.proceed(request, scope);
	}

}
