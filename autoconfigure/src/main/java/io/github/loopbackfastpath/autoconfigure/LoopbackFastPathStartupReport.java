package io.github.loopbackfastpath.autoconfigure;

import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.platform.PlatformInfo;
import io.github.loopbackfastpath.unix.UnixSocketTransport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Logs one INFO line once the application is ready: what the fast path does here, or why
 * it does nothing.
 */
final class LoopbackFastPathStartupReport implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(LoopbackFastPathStartupReport.class);

	private final LoopbackFastPath fastPath;

	private final Supplier<@Nullable UnixSocketTransport> unixSockets;

	LoopbackFastPathStartupReport(LoopbackFastPath fastPath) {
		this(fastPath, () -> null);
	}

	LoopbackFastPathStartupReport(LoopbackFastPath fastPath, Supplier<@Nullable UnixSocketTransport> unixSockets) {
		this.fastPath = fastPath;
		this.unixSockets = unixSockets;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (logger.isInfoEnabled()) {
			logger.info(summary());
		}
	}

	String summary() {
		PlatformInfo platform = this.fastPath.platform();
		StringBuilder summary = new StringBuilder("Loopback fast path: ");
		if (!this.fastPath.isOn()) {
			summary.append("off on ")
				.append(platform.os())
				.append(" (loopback.fastpath.enabled=false: no SIO_LOOPBACK_FASTPATH call)");
		}
		else if (!platform.supported()) {
			summary.append("inactive on ").append(platform.os()).append(": ").append(platform.reason());
		}
		else {
			summary.append(platform.mechanism()).append(" on ").append(platform.os());
			if (platform.windowsBuild() != null) {
				summary.append(" (build ").append(platform.windowsBuild()).append(")");
			}
			if (!this.fastPath.handles().isAvailable()) {
				summary.append("; NOT APPLIED: ").append(this.fastPath.handles().unavailableReason());
			}
		}
		String listeners = this.fastPath.outcomes()
			.listeners()
			.stream()
			.map(LoopbackFastPathStartupReport::describe)
			.collect(Collectors.joining(", "));
		summary.append("; listeners: ").append(listeners.isEmpty() ? "none" : listeners);
		if (this.fastPath.isJdkFastLoopback()) {
			summary.append("; -Djdk.net.useFastTcpLoopback is also on, so the JDK sets the option on every NIO socket");
		}
		UnixSocketTransport unixSockets = this.unixSockets.get();
		if (unixSockets != null) {
			summary.append("; ").append(unixSockets.report().describe());
		}
		summary.append("; details at /actuator/loopback");
		return summary.toString();
	}

	private static String describe(FastPathListener listener) {
		String reason = listener.outcome().reason();
		return listener.component() + " " + listener.address() + " " + listener.outcome().result().key()
				+ ((reason != null) ? " (" + reason + ")" : "");
	}

}
