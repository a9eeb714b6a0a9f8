package com.example.mvcwithoutactuator;

import java.io.IOException;

import io.github.loopbackfastpath.LoopbackFastPath;
import io.github.loopbackfastpath.outcome.ComponentStats;
import io.github.loopbackfastpath.outcome.FastPathListener;
import io.github.loopbackfastpath.test.LoopbackHttp;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.StandInRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Spring MVC with RestClient on Reactor Netty and no Actuator: both sides get the fast path;
 * with no endpoint, the startup log line and the {@link LoopbackFastPath} bean tell what
 * happened.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class MvcWithoutActuatorApplicationTests {

	private static SidecarStub sidecar;

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@BeforeAll
	static void startSidecar() throws IOException {
		sidecar = SidecarStub.start("127.0.0.1");
	}

	@DynamicPropertySource
	static void sidecarUrl(DynamicPropertyRegistry registry) {
		registry.add("sidecar.url", sidecar::url);
	}

	@AfterAll
	static void stopSidecar() {
		sidecar.close();
	}

	@Test
	void servesThroughTheHookedClientAndReportsThroughTheLogAndTheBean(CapturedOutput output) throws IOException {
		assertThat(LoopbackHttp.get("127.0.0.1", this.port, "/hello")).isEqualTo("sidecar says pong");
		assertThatIOException().isThrownBy(() -> LoopbackHttp.get("127.0.0.1", this.port, "/actuator/loopback"))
			.withMessageContaining("404");

		StandInRecord record = StandInRecord.read().hasOneListenerOn(this.port).hasOneClientConnectionTo(sidecar);

		assertThat(output).containsPattern("Loopback fast path: SIO_LOOPBACK_FASTPATH on .*; listeners: tomcat \\S+:"
				+ this.port + " applied;");
		LoopbackFastPath fastPath = this.context.getBean(LoopbackFastPath.class);
		assertThat(fastPath.outcomes().components()).containsOnlyKeys("tomcat", "restclient");
		ComponentStats tomcat = fastPath.outcomes().components().get("tomcat");
		ComponentStats restclient = fastPath.outcomes().components().get("restclient");
		assertThat(tomcat.applied()).isEqualTo(record.listeners().size());
		assertThat(restclient.applied()).isEqualTo(record.clients().size());
		assertThat(restclient.failed() + restclient.skipped()).isZero();
		assertThat(restclient.notCovered()).isNull();
		assertThat(fastPath.outcomes().listeners()).singleElement()
			.extracting(FastPathListener::component)
			.isEqualTo("tomcat");
	}

}
