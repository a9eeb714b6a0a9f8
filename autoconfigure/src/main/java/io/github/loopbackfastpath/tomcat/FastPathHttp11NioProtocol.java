package io.github.loopbackfastpath.tomcat;

import io.github.loopbackfastpath.LoopbackFastPath;
import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's HTTP/1.1 NIO protocol on a {@link FastPathNioEndpoint}. Tomcat creates
 * protocols by class name, so this class has a public no-arg constructor and receives the
 * fast path afterwards, from the starter's protocol handler customizer, or from
 * {@link #setLoopbackFastPath} for connectors an application creates itself:
 * <pre class="code">
 * Connector connector = new Connector(FastPathHttp11NioProtocol.class.getName());
 * </pre>
 */
public class FastPathHttp11NioProtocol extends Http11NioProtocol {

	/**
	 * Creates the protocol. Until {@link #setLoopbackFastPath} is called it behaves
	 * exactly like {@link Http11NioProtocol}.
	 */
	public FastPathHttp11NioProtocol() {
		this(new FastPathNioEndpoint());
	}

	/**
	 * Creates the protocol on an endpoint of a subclass.
	 * @param endpoint the endpoint
	 */
	protected FastPathHttp11NioProtocol(FastPathNioEndpoint endpoint) {
		super(endpoint);
	}

	/**
	 * Sets the fast path. Must be called before the connector starts.
	 * @param fastPath the fast path
	 */
	public void setLoopbackFastPath(LoopbackFastPath fastPath) {
		((FastPathNioEndpoint) getEndpoint()).setLoopbackFastPath(fastPath);
	}

}
