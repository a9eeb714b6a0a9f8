package io.github.loopbackfastpath.unix;

import java.lang.ref.Reference;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.loopbackfastpath.test.EnabledIfUnixDomainSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A routing request factory that the application drops (a RestClient that is not a bean)
 * closes its routes' factories when it is collected, and not before: Apache HttpClient's
 * Unix-socket connections are never closed by the collector themselves.
 */
@EnabledIfUnixDomainSockets
class UnixRoutingRequestFactoryCleanupTests {

	private static final int PORT = 15001;

	@TempDir
	Path dir;

	@Test
	void routeFactoriesAreClosedWhenTheRoutingFactoryIsCollectedAndNotBefore() throws Exception {
		Path socket = this.dir.resolve("sidecar.sock");
		try (ServerSocketChannel sidecar = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			sidecar.bind(UnixDomainSocketAddress.of(socket));
			UnixSocketTransport transport = UnixSocketTransport.ofRoutes(Map.of(PORT, socket.toString()),
					OnUnavailable.TCP);
			RouteFactory kept = new RouteFactory();
			UnixRoutingRequestFactory keptRouting = routingFactory(transport, kept);
			RouteFactory dropped = new RouteFactory();
			sendAndDrop(transport, dropped);
			// Bounded polling of an observable condition: collection has no event to wait
			// on.
			for (int i = 0; i < 100 && !dropped.destroyed.get(); i++) {
				System.gc();
				Thread.sleep(50);
			}
			assertThat(dropped.destroyed).as("route factory of the collected routing factory").isTrue();
			assertThat(kept.destroyed).as("route factory of a routing factory still in use").isFalse();
			Reference.reachabilityFence(keptRouting);
		}
	}

	private static void sendAndDrop(UnixSocketTransport transport, RouteFactory route) throws Exception {
		routingFactory(transport, route);
	}

	private static UnixRoutingRequestFactory routingFactory(UnixSocketTransport transport, RouteFactory route)
			throws Exception {
		UnixRoutingRequestFactory routing = new UnixRoutingRequestFactory(transport, (uri, method) -> {
			throw new AssertionError("the socket is there: nothing goes over TCP");
		}, (unixRoute) -> route);
		ClientHttpRequest request = routing.createRequest(URI.create("http://127.0.0.1:" + PORT + "/ping"),
				HttpMethod.GET);
		assertThat(request.execute().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(route.requests).as("the request went to the route's factory").isTrue();
		return routing;
	}

	/**
	 * A route's request factory that answers 200 and records whether it was destroyed.
	 */
	private static final class RouteFactory implements ClientHttpRequestFactory, DisposableBean {

		private final AtomicBoolean destroyed = new AtomicBoolean();

		private final AtomicBoolean requests = new AtomicBoolean();

		@Override
		public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
			this.requests.set(true);
			MockClientHttpRequest request = new MockClientHttpRequest(httpMethod, uri);
			request.setResponse(new MockClientHttpResponse(new byte[0], HttpStatus.OK));
			return request;
		}

		@Override
		public void destroy() {
			this.destroyed.set(true);
		}

	}

}
