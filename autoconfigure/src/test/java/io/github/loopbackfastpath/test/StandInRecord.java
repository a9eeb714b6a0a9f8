package io.github.loopbackfastpath.test;

import java.util.List;

import io.github.loopbackfastpath.test.WsaStandIn.Call;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the C stand-in of {@code WSAIoctl} has recorded in a running application, split by
 * what each socket is now: server listeners (listening) and client connections (the
 * rest). Reading it checks that every call was well formed and made in time, before
 * {@code listen} or {@code connect}. Used by the classpath matrix's applications, which
 * compare the status report with these counts.
 *
 * @param listeners the calls on sockets that listen now
 * @param clients the calls on the other sockets
 */
public record StandInRecord(List<Call> listeners, List<Call> clients) {

	/**
	 * Reads the stand-in's record.
	 * @return the calls so far, split
	 */
	public static StandInRecord read() {
		List<Call> calls = WsaStandIn.calls();
		assertThat(calls).allSatisfy((call) -> {
			assertThat(call.violation()).isEmpty();
			assertThat(call.listening()).as("called before listen").isFalse();
			assertThat(call.connected()).as("called before connect").isFalse();
		});
		return new StandInRecord(calls.stream().filter((call) -> WsaStandIn.listeningNow(call.handle())).toList(),
				calls.stream().filter((call) -> !WsaStandIn.listeningNow(call.handle())).toList());
	}

	/**
	 * Asserts that the only listener call was on the socket that now listens on a port.
	 * @param port the server's port
	 * @return this record
	 */
	public StandInRecord hasOneListenerOn(int port) {
		assertThat(this.listeners).singleElement()
			.satisfies((call) -> assertThat(WsaStandIn.boundPortNow(call.handle())).isEqualTo(port));
		return this;
	}

	/**
	 * Asserts that the only client call was on the socket that carried the sidecar's only
	 * request, still open in its client's pool.
	 * @param sidecar the sidecar stub the application called
	 * @return this record
	 */
	public StandInRecord hasOneClientConnectionTo(SidecarStub sidecar) {
		assertThat(sidecar.clientPorts()).hasSize(1);
		assertThat(this.clients).singleElement()
			.satisfies((call) -> assertThat(WsaStandIn.boundPortNow(call.handle()))
				.isEqualTo(sidecar.clientPorts().get(0)));
		return this;
	}

}
