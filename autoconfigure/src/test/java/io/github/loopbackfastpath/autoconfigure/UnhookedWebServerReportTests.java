package io.github.loopbackfastpath.autoconfigure;

import java.net.InetSocketAddress;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.outcome.FastPathOutcome;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A web server without a fast-path hook (Jetty) appears in the status as not covered,
 * with an unhooked listener and no accepted-connection count; a server whose listener an
 * integration recorded is left as it is. The classpath matrix's Jetty application shows
 * the same on a real Jetty.
 */
class UnhookedWebServerReportTests {

	private final LoopbackFastPath fastPath = LoopbackFastPath.create();

	private final StaticListableBeanFactory beans = new StaticListableBeanFactory();

	private final UnhookedWebServerReport report = new UnhookedWebServerReport(this.fastPath,
			this.beans.getBeanProvider(HookedWebServer.class));

	@Test
	void aServerWithoutHookIsReportedNotCovered() {
		this.report.onApplicationEvent(new Initialized(new JettyWebServer(8123)));
		ComponentStats jetty = this.fastPath.outcomes().components().get("jetty");
		assertThat(jetty).isNotNull();
		assertThat(jetty.notCovered()).isEqualTo("JettyWebServer: " + UnhookedWebServerReport.NOT_COVERED);
		assertThat(jetty.applied()).isZero();
		assertThat(this.fastPath.outcomes().listeners()).singleElement().satisfies((listener) -> {
			assertThat(listener.component()).isEqualTo("jetty");
			assertThat(listener.address()).endsWith(":8123");
			assertThat(listener.outcome().result()).isEqualTo(FastPathOutcome.Result.SKIPPED);
			assertThat(listener.countsAcceptedConnections()).isFalse();
		});
	}

	@Test
	void aServerWhoseListenerWasRecordedIsLeftAlone() {
		FastPathListener tomcat = this.fastPath.outcomes()
			.addListener("tomcat", new InetSocketAddress(8124), FastPathOutcome.applied(), null);
		this.report.onApplicationEvent(new Initialized(new JettyWebServer(8124)));
		assertThat(this.fastPath.outcomes().components()).doesNotContainKey("jetty");
		assertThat(this.fastPath.outcomes().listeners()).containsExactly(tomcat);
	}

	@Test
	void aServerThatAnIntegrationHooksIsLeftToIt() {
		// Reactor Netty records a listener on a native transport only once the channel
		// has bound, which can be after the server reports that it started.
		this.beans.addBean("hooked", new HookedWebServer(JettyWebServer.class));
		this.report.onApplicationEvent(new Initialized(new JettyWebServer(8125)));
		assertThat(this.fastPath.outcomes().components()).isEmpty();
		assertThat(this.fastPath.outcomes().listeners()).isEmpty();
	}

	@Test
	void aServerThatIsNotListeningIsLeftAlone() {
		this.report.onApplicationEvent(new Initialized(new JettyWebServer(-1)));
		assertThat(this.fastPath.outcomes().components()).isEmpty();
		assertThat(this.fastPath.outcomes().listeners()).isEmpty();
	}

	@Test
	void aServletOrReactiveVariantIsNamedAfterItsServer() {
		this.report.onApplicationEvent(new Initialized(new JettyServletWebServer(8126)));
		assertThat(this.fastPath.outcomes().components()).containsOnlyKeys("jetty");
		assertThat(this.fastPath.outcomes().components().get("jetty").notCovered()).startsWith("JettyWebServer: ");
	}

	@Test
	void componentNamesComeFromTheServerClass() {
		assertThat(UnhookedWebServerReport.component("JettyWebServer")).isEqualTo("jetty");
		assertThat(UnhookedWebServerReport.component("UndertowWebServer")).isEqualTo("undertow");
		assertThat(UnhookedWebServerReport.component("WebServer")).isEqualTo("web-server");
		assertThat(UnhookedWebServerReport.component("Custom")).isEqualTo("custom");
	}

	/**
	 * Named like Spring Boot's Jetty server, whose component name comes from the class
	 * name.
	 */
	static class JettyWebServer implements WebServer {

		private final int port;

		JettyWebServer(int port) {
			this.port = port;
		}

		@Override
		public void start() {
		}

		@Override
		public void stop() {
		}

		@Override
		public int getPort() {
			return this.port;
		}

	}

	/** Named like Spring Boot's servlet variant of the Jetty server. */
	static final class JettyServletWebServer extends JettyWebServer {

		JettyServletWebServer(int port) {
			super(port);
		}

	}

	static final class Initialized extends WebServerInitializedEvent {

		Initialized(WebServer webServer) {
			super(webServer);
		}

		@Override
		public WebServerApplicationContext getApplicationContext() {
			throw new UnsupportedOperationException();
		}

	}

}
