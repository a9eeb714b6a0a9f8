package io.github.loopbackfastpath.httpcomponents;

import java.io.IOException;
import java.net.Socket;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.policy.SkipReason;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.jspecify.annotations.Nullable;

/**
 * HttpClient's default connection factory, recording one skipped outcome for each
 * connection it creates. {@code PoolingHttpClientConnectionManager} asks for a connection
 * object exactly once per new connection, right before its operator opens the socket, and
 * never for a pooled one: so this counts new connections the way the fast-path hook
 * would, where the hook is not installed. The destination is not known at that point, so
 * no per-port detail is recorded.
 */
final class SkipRecordingConnectionFactory implements HttpConnectionFactory<ManagedHttpClientConnection> {

	private final HttpConnectionFactory<ManagedHttpClientConnection> delegate = ManagedHttpClientConnectionFactory.INSTANCE;

	private final LoopbackFastPath fastPath;

	private final String component;

	private final SkipReason reason;

	SkipRecordingConnectionFactory(LoopbackFastPath fastPath, String component, SkipReason reason) {
		this.fastPath = fastPath;
		this.component = component;
		this.reason = reason;
	}

	@Override
	public ManagedHttpClientConnection createConnection(@Nullable Socket socket) throws IOException {
		this.fastPath.skip(this.component, null, this.reason, true);
		return this.delegate.createConnection(socket);
	}

}
