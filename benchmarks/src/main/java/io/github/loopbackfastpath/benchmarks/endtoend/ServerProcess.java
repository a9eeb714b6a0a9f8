package io.github.loopbackfastpath.benchmarks.endtoend;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server process: starts the {@link PingApplication} deployments named on its command
 * line ({@code id tomcat|netty standIn properties}, repeated), answers
 * {@code ready id=port ...}, then {@code cpu} with its process CPU time in nanoseconds
 * until {@code quit}.
 */
public final class ServerProcess {

	private ServerProcess() {
	}

	/**
	 * Runs the servers.
	 * @param args the deployments, four arguments each
	 * @throws Exception when a server cannot start
	 */
	public static void main(String[] args) throws Exception {
		List<ConfigurableApplicationContext> contexts = new ArrayList<>();
		StringBuilder ready = new StringBuilder("ready");
		for (int i = 0; i + 3 < args.length; i += 4) {
			WebApplicationType type = args[i + 1].equals("tomcat") ? WebApplicationType.SERVLET
					: WebApplicationType.REACTIVE;
			ConfigurableApplicationContext context = Apps.start(PingApplication.class, type, args[i + 2], args[i + 3]);
			contexts.add(context);
			ready.append(' ')
				.append(args[i])
				.append('=')
				.append(((WebServerApplicationContext) context).getWebServer().getPort());
		}
		try {
			ChildJvm.serve(ready.toString(), (command) -> {
				if (!command[0].equals("cpu")) {
					throw new IllegalArgumentException("Unknown command " + String.join(" ", command));
				}
				return Long.toString(ChildJvm.processCpuNanos());
			});
		}
		finally {
			for (ConfigurableApplicationContext context : contexts) {
				context.close();
			}
		}
		// Reactor Netty and Tomcat leave non-daemon threads behind for a moment
		// after close.
		System.exit(0);
	}

}
