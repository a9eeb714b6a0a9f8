package com.example.nonwebrestclient;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

import javax.management.ObjectName;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.loopbackfastpath.test.SidecarStub;
import io.github.loopbackfastpath.test.StandInRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker without a web server, calling its sidecar with RestClient on Apache HttpClient 5:
 * its connection gets the fast path, and the report, read over JMX, shows the client and no
 * server component or listener.
 */
@ExtendWith(OutputCaptureExtension.class)
class NonWebRestClientApplicationTests {

	@Test
	void callsTheSidecarOnTheFastPathAndReportsItOverJmx(CapturedOutput output) throws Exception {
		// Started as its main method would start it: @SpringBootTest would turn JMX off.
		try (SidecarStub sidecar = SidecarStub.start("127.0.0.1");
				ConfigurableApplicationContext context = SpringApplication.run(NonWebRestClientApplication.class,
						"--sidecar.url=" + sidecar.url())) {
			assertThat(output).contains("sidecar says pong").contains("; listeners: none;");
			StandInRecord record = StandInRecord.read().hasOneClientConnectionTo(sidecar);
			assertThat(record.listeners()).isEmpty();

			Object descriptor = ManagementFactory.getPlatformMBeanServer()
				.invoke(new ObjectName("org.springframework.boot:type=Endpoint,name=Loopback"), "loopback", new Object[0], new String[0]);
			DocumentContext report = JsonPath.parse(descriptor);
			assertThat(report.read("$.enabled", Boolean.class)).isTrue();
			assertThat(report.read("$.components", Map.class)).containsOnlyKeys("restclient");
			assertThat(report.read("$.components.restclient.applied", Long.class)).isEqualTo(record.clients().size());
			assertThat(report.read("$.components.restclient.failed", Long.class)).isZero();
			assertThat(report.read("$.components.restclient.notCovered", String.class)).isNull();
			assertThat(report.read("$.listeners", List.class)).isEmpty();
		}
	}

}
