package io.github.loopbackfastpath.test;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points the native test seam at the C stand-in of {@code WSAIoctl} before each test,
 * with a clean record, and removes it afterwards. Applications started inside the test
 * detect the stand-in as their platform. Where the build did not compile the stand-in
 * (Windows), the tests are skipped with the reason, as {@link WsaStandInCondition} says.
 */
public class WsaStandInExtension extends WsaStandInCondition implements BeforeEachCallback, AfterEachCallback {

	@Override
	public void beforeEach(ExtensionContext context) {
		WsaStandIn.install();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		WsaStandIn.uninstall();
	}

}
