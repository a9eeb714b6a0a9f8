package io.github.loopbackfastpath.autoconfigure;

import io.github.loopbackfastpath.ListenerFastPathException;
import io.github.loopbackfastpath.handle.SocketHandles;
import io.github.loopbackfastpath.outcome.FastPathOutcome;
import io.github.loopbackfastpath.platform.windows.WinsockError;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup refused because a listener could not get the loopback fast path
 * while {@code loopback.fastpath.on-failure=fail}.
 */
class ListenerFastPathFailureAnalyzer extends AbstractFailureAnalyzer<ListenerFastPathException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ListenerFastPathException cause) {
		String description = "The " + cause.getComponent() + " listener on " + cause.getAddress()
				+ " could not get the loopback fast path (" + cause.getReason()
				+ "), and loopback.fastpath.on-failure is 'fail'.";
		String action = actionFor(cause.getReason())
				+ " To start anyway on the ordinary loopback path, set loopback.fastpath.on-failure=fallback; "
				+ "to leave server sockets alone, set loopback.fastpath.server.enabled=false.";
		return new FailureAnalysis(description, action, cause);
	}

	private static String actionFor(@Nullable String reason) {
		if (FastPathOutcome.HANDLE_INACCESSIBLE.equals(reason)) {
			return "Start the JVM with " + SocketHandles.ADD_EXPORTS + " so the socket handle can be read.";
		}
		if (reason != null && reason.startsWith(WinsockError.WSAEOPNOTSUPP.name())) {
			return "This Winsock provider does not support SIO_LOOPBACK_FASTPATH (Windows 7, Wine, or a layered "
					+ "service provider such as some security products).";
		}
		return "Check the Windows build and any Windows Filtering Platform software on this host; "
				+ "GET /actuator/loopback shows what the platform reports.";
	}

}
