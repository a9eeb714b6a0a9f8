package io.github.loopbackfastpath.test;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test only where this JVM and OS have AF_UNIX sockets, found by opening one:
 * Linux and macOS always, Windows 10 1803 and later, not Wine 8.0 ("Protocol family not
 * supported"). Where they are missing the test is skipped with that reason.
 *
 * @see EnabledIfUnixDomainSockets
 */
public class UnixDomainSocketsCondition implements ExecutionCondition {

	private static final String UNAVAILABLE = probe();

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		return (UNAVAILABLE == null) ? ConditionEvaluationResult.enabled("AF_UNIX is available")
				: ConditionEvaluationResult.disabled("AF_UNIX not available on this JVM/OS: " + UNAVAILABLE);
	}

	/**
	 * Opens an AF_UNIX socket.
	 * @return {@code null} when that works, else what failed
	 */
	private static String probe() {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			return null;
		}
		catch (UnsupportedOperationException | IOException ex) {
			return ex.toString();
		}
	}

}
