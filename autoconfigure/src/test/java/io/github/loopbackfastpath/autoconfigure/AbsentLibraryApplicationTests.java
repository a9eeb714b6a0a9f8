package io.github.loopbackfastpath.autoconfigure;

import java.util.Map;

import io.github.loopbackfastpath.client.FastPathRequestFactories;
import io.github.loopbackfastpath.test.IsolatedClassPath;
import io.github.loopbackfastpath.test.ProbeApplication;
import io.github.loopbackfastpath.test.WsaStandIn;
import io.github.loopbackfastpath.test.WsaStandInExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real Spring MVC applications started on a class path without an optional library, the
 * way users have them (Spring Petclinic has no Netty at all): the starter must load,
 * serve and report truthfully. Each application runs in an {@link IsolatedClassPath},
 * where a class that names a missing type fails as it would in the user's application;
 * the C stand-in of {@code WSAIoctl} is bound, so the hooks really run.
 */
@ExtendWith(WsaStandInExtension.class)
class AbsentLibraryApplicationTests {

	private static final String PROBE = ProbeApplication.class.getName();

	@Test
	void springMvcWithApacheHttpClientAndWithoutReactorNetty() throws Exception {
		try (IsolatedClassPath classPath = IsolatedClassPath.without("reactor-netty-")) {
			assertThat(classPath.has("reactor.netty.http.client.HttpClient")).isFalse();
			Map<String, String> report = serveAndReport(classPath);
			assertThat(report).containsEntry("response", "pong")
				.containsEntry("listener:tomcat", "APPLIED")
				.containsEntry("restclient", "1/0/0/null");
			// One call before the listener bound, one before the RestClient's connection.
			assertThat(WsaStandIn.calls()).hasSize(2);
		}
	}

	@Test
	void springMvcWithTheJdkClientAndWithoutNetty() throws Exception {
		try (IsolatedClassPath classPath = IsolatedClassPath.without("reactor-netty-", "netty-", "httpclient5-",
				// gRPC's Netty transport comes with Netty: an application without Netty
				// has neither.
				"grpc-netty-", "spring-boot-grpc-", "spring-grpc-")) {
			assertThat(classPath.has("io.netty.channel.Channel")).isFalse();
			assertThat(classPath.has("org.apache.hc.client5.http.impl.classic.HttpClients")).isFalse();
			Map<String, String> report = serveAndReport(classPath);
			assertThat(report).containsEntry("response", "pong").containsEntry("listener:tomcat", "APPLIED");
			assertThat(report.get("restclient"))
				.isEqualTo("0/0/0/JdkClientHttpRequestFactoryBuilder: " + FastPathRequestFactories.NOT_COVERED);
			assertThat(WsaStandIn.calls()).hasSize(1);
		}
	}

	@Test
	void springMvcWithoutActuatorOrMicrometer() throws Exception {
		try (IsolatedClassPath classPath = IsolatedClassPath.without("spring-boot-actuator",
				"spring-boot-starter-actuator", "spring-boot-micrometer", "micrometer-core-", "micrometer-jakarta9-")) {
			// micrometer-observation stays: Spring Framework itself needs it.
			assertThat(classPath.has("org.springframework.boot.actuate.endpoint.annotation.Endpoint")).isFalse();
			assertThat(classPath.has("io.micrometer.core.instrument.MeterRegistry")).isFalse();
			Map<String, String> report = serveAndReport(classPath);
			assertThat(report).containsEntry("response", "pong")
				.containsEntry("listener:tomcat", "APPLIED")
				.containsKey("restclient");
			assertThat(WsaStandIn.calls()).hasSize(2);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> serveAndReport(IsolatedClassPath classPath) throws Exception {
		return (Map<String, String>) classPath.call(PROBE, "serveAndReport",
				"spring.http.clients.imperative.factory=" + factoryFor(classPath));
	}

	private static String factoryFor(IsolatedClassPath classPath) {
		if (classPath.has("org.apache.hc.client5.http.impl.classic.HttpClients")) {
			return "http-components";
		}
		return classPath.has("reactor.netty.http.client.HttpClient") ? "reactor" : "jdk";
	}

}
