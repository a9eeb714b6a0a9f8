package io.github.loopbackfastpath.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the demo's sidecar is.
 */
@ConfigurationProperties("demo.sidecar")
public class SidecarProperties {

	/**
	 * 'embedded' runs a small sidecar in this JVM on 127.0.0.1:port; 'external' uses one that
	 * is already running (nginx, Envoy, ...) at 127.0.0.1:port.
	 */
	private Mode mode = Mode.EMBEDDED;

	/**
	 * Loopback port of the sidecar; 0 lets the embedded sidecar pick a free one.
	 */
	private int port = 15001;

	public Mode getMode() {
		return this.mode;
	}

	public void setMode(Mode mode) {
		this.mode = mode;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	/**
	 * The sidecar's base URL.
	 * @return for example {@code http://127.0.0.1:15001}
	 */
	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/** How the sidecar runs. */
	public enum Mode {

		/** A sidecar inside this JVM, built on the JDK's HTTP server and client. */
		EMBEDDED,

		/** A sidecar process that is already running. */
		EXTERNAL

	}

}
