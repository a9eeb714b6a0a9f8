package io.github.loopbackfastpath.test;

import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.NativeLibrary;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test only where the C stand-in of {@code WSAIoctl} can be used: the
 * {@code wsa.standin.library} system property names a file this JVM can load. The Windows
 * build (the {@code no-wsa-stand-in} Maven profile) has no gcc to compile it and makes
 * the real call instead, in {@code RealWinsockTests}; a Windows JVM given the Linux
 * build's {@code .so} (under Wine, {@code .ci/windows-on-wine}) cannot load it. Checked
 * without initialising {@link WsaStandIn}, which binds the library's functions when its
 * class is initialised.
 */
public class WsaStandInCondition implements ExecutionCondition {

	static final String DISABLED_REASON = "needs the C stand-in of WSAIoctl (src/test/c/wsa_standin.c), which the "
			+ "build compiles with gcc except on Windows, where RealWinsockTests makes the real call";

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		String library = System.getProperty("wsa.standin.library");
		if (library == null || library.isBlank() || !Files.isRegularFile(Path.of(library))) {
			return ConditionEvaluationResult.disabled(DISABLED_REASON + " (wsa.standin.library=" + library + ")");
		}
		try {
			NativeLibrary.getInstance(library);
		}
		catch (UnsatisfiedLinkError ex) {
			return ConditionEvaluationResult.disabled(DISABLED_REASON + " (wsa.standin.library=" + library
					+ " cannot be loaded on this JVM/OS: " + ex.getMessage().lines().findFirst().orElse("") + ")");
		}
		return ConditionEvaluationResult.enabled("the C stand-in of WSAIoctl is at " + library);
	}

}
