package io.github.loopbackfastpath.benchmarks.endtoend;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which cells the unix suite measures, and in which order: the rounds rotate the cells of
 * one group (one client, server and metric over its transports), so a group's cells must
 * stand next to each other.
 */
class UnixSuiteTests {

	@Test
	void theCellsComparedWithEachOtherAreMeasuredBackToBack() {
		List<UnixSuite.Cell> cells = UnixSuite.cells(List.of("tomcat", "netty", UnixSuite.NGINX));
		List<String> groups = new ArrayList<>();
		for (UnixSuite.Cell cell : cells) {
			String group = cell.client() + "/" + cell.server() + "/" + cell.metric();
			if (groups.isEmpty() || !groups.get(groups.size() - 1).equals(group)) {
				groups.add(group);
			}
		}
		assertThat(groups).doesNotHaveDuplicates();
		assertThat(cells)
			.filteredOn((cell) -> cell.metric() == UnixSuite.Metric.LATENCY && cell.server().equals("tomcat")
					&& cell.client() == UnixSuite.Client.WEBCLIENT)
			.extracting(UnixSuite.Cell::transport)
			.containsExactly(UnixSuite.Transport.TCP, UnixSuite.Transport.UNIX, UnixSuite.Transport.HAND_WIRED);
	}

	@Test
	void everyRouteIsUploadedOverBothTransportsToEveryServer() {
		List<UnixSuite.Cell> cells = UnixSuite.cells(List.of("tomcat", "netty", UnixSuite.NGINX));
		Set<String> uploads = new HashSet<>();
		for (UnixSuite.Cell cell : cells) {
			if (cell.metric() == UnixSuite.Metric.UPLOAD) {
				uploads.add(cell.target());
			}
		}
		assertThat(uploads).hasSize(UnixSuite.Client.values().length * 3 * 2)
			.contains("restclient-hc5/nginx/unix", "webclient/tomcat/tcp");
	}

	@Test
	void onNginxTheHandWiredClientRunsOverBothTransportsAndOnlyLatencyAndUploadAreMeasured() {
		List<UnixSuite.Cell> nginx = UnixSuite.cells(List.of(UnixSuite.NGINX));
		assertThat(nginx).extracting(UnixSuite.Cell::metric)
			.containsOnly(UnixSuite.Metric.LATENCY, UnixSuite.Metric.UPLOAD);
		assertThat(nginx).filteredOn((cell) -> cell.transport() == UnixSuite.Transport.HAND_WIRED_TCP)
			.extracting(UnixSuite.Cell::client)
			.containsExactly(UnixSuite.Client.WEBCLIENT, UnixSuite.Client.RESTCLIENT);
		assertThat(UnixSuite.cells(List.of("tomcat")))
			.noneMatch((cell) -> cell.transport() == UnixSuite.Transport.HAND_WIRED_TCP);
	}

	@Test
	void theRouteIsPairedWithTheHandWiredClientOnEveryServerAndNoOtherCellIsPaired() {
		List<String> servers = List.of("tomcat", "netty", UnixSuite.NGINX);
		List<String> pairs = new ArrayList<>();
		for (UnixSuite.Cell[] pair : UnixSuite.pairs(servers)) {
			assertThat(pair[0].client()).isEqualTo(pair[1].client());
			assertThat(pair[0].server()).isEqualTo(pair[1].server());
			assertThat(pair).extracting(UnixSuite.Cell::metric).containsOnly(UnixSuite.Metric.PAIRED);
			pairs.add(pair[0].target() + " " + pair[1].target());
		}
		assertThat(pairs).hasSize(6)
			.contains("webclient/nginx/unix webclient/nginx/hand-wired",
					"restclient/tomcat/unix restclient/tomcat/hand-wired")
			.noneMatch((pair) -> pair.contains("restclient-hc5"));
		assertThat(UnixSuite.cells(servers)).noneMatch((cell) -> cell.metric() == UnixSuite.Metric.PAIRED);
	}

}
