package io.github.loopbackfastpath.demo;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the demo's sidecar is.
 */
@ConfigurationProperties("demo.sidecar")
public class SidecarProperties {

	/**
	 * 'embedded' runs a small sidecar in this JVM on 127.0.0.1:port; 'embedded-unix' runs
	 * it on the Unix socket unix-socket instead (route the port to it with
	 * loopback.fastpath.unix.routes, see the 'unix' profile); 'external' uses one that is
	 * already running (nginx, Envoy, ...) at 127.0.0.1:port.
	 */
	private Mode mode = Mode.EMBEDDED;

	/**
	 * Loopback port of the sidecar; 0 lets the embedded sidecar pick a free one.
	 */
	private int port = 15001;

	/**
	 * Unix socket of the embedded sidecar in 'embedded-unix' mode.
	 */
	private @Nullable String unixSocket;

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

	public @Nullable String getUnixSocket() {
		return this.unixSocket;
	}

	public void setUnixSocket(@Nullable String unixSocket) {
		this.unixSocket = unixSocket;
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

		/** A sidecar inside this JVM that listens only on a Unix socket. */
		EMBEDDED_UNIX,

		/** A sidecar process that is already running. */
		EXTERNAL

	}

}
