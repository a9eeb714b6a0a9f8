package io.github.loopbackfastpath.demo;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.test.EnabledIfWsaStandIn;
import io.github.loopbackfastpath.test.LoopbackHttp;
import io.github.loopbackfastpath.test.WsaStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo as the README runs it, with the embedded sidecar, and with the C stand-in of
 * {@code WSAIoctl} so that every hook makes its native call on this Linux machine.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "demo.sidecar.port=0")
@EnabledIfWsaStandIn
class DemoApplicationTests {

	static {
		WsaStandIn.install();
	}

	@LocalServerPort
	private int port;

	@Autowired
	private LoopbackFastPath fastPath;

	@AfterAll
	static void uninstall() {
		WsaStandIn.uninstall();
	}

	@Test
	void helloGoesOutThroughTheSidecarAndComesBackInThroughIt() throws Exception {
		String hello = LoopbackHttp.get("127.0.0.1", this.port, "/hello");
		assertThat(hello).contains("\"restclient\"")
			.contains("\"webclient\"")
			.contains("embedded-sidecar")
			.contains("\"inbound\":\"pong\"");
		String report = LoopbackHttp.get("127.0.0.1", this.port, "/actuator/loopback");
		assertThat(report).contains("\"tomcat\"").contains("\"restclient\"").contains("\"webclient\"");
		long applied = this.fastPath.outcomes().components().values().stream().mapToLong(ComponentStats::applied).sum();
		assertThat(applied).isEqualTo(WsaStandIn.calls().size()).isGreaterThanOrEqualTo(3);
	}

}
