package io.github.loopbackfastpath.httpcomponents;

import java.net.Proxy;
import java.net.Socket;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.policy.SkipReason;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * HttpClient's plain sockets, recording one skipped outcome for each: for a connection
 * manager that must be replaced anyway (the Unix-socket routes live in its connection
 * operator) where the fast path would apply to nothing. The operator asks for a socket
 * for each TCP connection attempt, never for a routed connection or a pooled one, so the
 * skips count TCP connections as {@link FastPathSocketFactory}'s outcomes do.
 */
final class SkipRecordingSocketFactory implements DetachedSocketFactory {

	private final LoopbackFastPath fastPath;

	private final String component;

	private final SkipReason reason;

	SkipRecordingSocketFactory(LoopbackFastPath fastPath, String component, SkipReason reason) {
		this.fastPath = fastPath;
		this.component = component;
		this.reason = reason;
	}

	@Override
	public Socket create(@Nullable Proxy socksProxy) {
		this.fastPath.skip(this.component, null, this.reason, true);
		// What HttpClient's default operator creates without a socket factory.
		return (socksProxy != null) ? new Socket(socksProxy) : new Socket();
	}

}
