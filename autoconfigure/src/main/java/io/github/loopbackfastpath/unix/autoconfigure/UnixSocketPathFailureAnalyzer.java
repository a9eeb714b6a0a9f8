package io.github.loopbackfastpath.unix.autoconfigure;

import io.github.loopbackfastpath.unix.UnixSocketPathException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup stopped by a Unix-socket path or permissions setting that cannot be
 * used, naming the property and the fix.
 */
class UnixSocketPathFailureAnalyzer extends AbstractFailureAnalyzer<UnixSocketPathException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnixSocketPathException cause) {
		String description = "The AF_UNIX sidecar transport cannot use " + cause.getProperty() + "='" + cause.getValue()
				+ "': " + cause.getProblem() + ".";
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
