package io.github.loopbackfastpath.unix.autoconfigure;

import io.github.loopbackfastpath.client.HookableClientLibraries;
import io.github.loopbackfastpath.unix.UnixRoutesNotCoveredException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup stopped because the application's HTTP client cannot take its
 * Unix-socket routes while {@code loopback.fastpath.unix.on-unavailable=fail}: the
 * dependency to add, or the setting that lets the requests go over TCP.
 */
class UnixRoutesNotCoveredFailureAnalyzer extends AbstractFailureAnalyzer<UnixRoutesNotCoveredException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnixRoutesNotCoveredException cause) {
		String description = "The Unix-socket routes " + cause.getRoutes() + " cannot be taken by "
				+ String.join(", ", cause.getComponents()) + ": " + cause.getReason()
				+ ". With loopback.fastpath.unix.on-unavailable=fail every request to a routed port would fail.";
		String action = "Give the application an HTTP client library that can connect to a Unix socket: "
				+ "for RestClient and RestTemplate add the dependency " + HookableClientLibraries.HTTPCLIENT5
				+ " (Spring Boot picks it without a property), for WebClient " + HookableClientLibraries.REACTOR_NETTY
				+ ". Or set loopback.fastpath.unix.on-unavailable=tcp to send those requests over TCP loopback.";
		return new FailureAnalysis(description, action, cause);
	}

}
