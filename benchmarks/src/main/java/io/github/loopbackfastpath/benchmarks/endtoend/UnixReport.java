package io.github.loopbackfastpath.benchmarks.endtoend;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import io.github.loopbackfastpath.benchmarks.Settings;
import io.github.loopbackfastpath.benchmarks.report.Table;
import org.jspecify.annotations.Nullable;

/**
 * The {@value UnixSuite#SECTION} section of the benchmark page, written from the tables
 * of one run of {@link UnixSuite}: every target with its interval and verdict, the
 * uploads, the nginx comparison, the medians, and the plots. Only figures of the run; the
 * page's prose says what they mean.
 */
final class UnixReport {

	private final Settings settings;

	private final @Nullable String nginxMissing;

	UnixReport(Settings settings, @Nullable String nginxMissing) {
		this.settings = settings;
		this.nginxMissing = nginxMissing;
	}

	/**
	 * The section's Markdown.
	 * @param targets the rows of {@code unix-targets.csv}
	 * @param upload the rows of {@code unix-upload.csv}
	 * @param nginx the rows of {@code unix-nginx.csv}
	 * @param summary the rows of {@code unix-summary.csv}
	 * @return the text
	 */
	String text(Table targets, Table upload, Table nginx, Table summary) {
		StringBuilder text = new StringBuilder();
		text.append("_Written by the run (")
			.append(this.settings.name())
			.append(" mode, ")
			.append(this.settings.rounds())
			.append(" rounds of ")
			.append(this.settings.runMillis())
			.append(" ms per configuration, finished ")
			.append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
			.append("; ")
			.append((this.nginxMissing != null) ? "nginx cells skipped: " + this.nginxMissing : NginxSidecar.version())
			.append("). `benchmarks/run.sh --full` rewrites everything between the `generated: unix` markers; edit the prose around it._\n\n");
		text.append("#### Targets\n\n")
			.append("Ratio [95 % interval], the larger distance of an end from the ratio (±), and the verdict, from ")
			.append("[unix-targets.csv](unix-targets.csv). Route / hand-wired needs an interval within ±")
			.append(Math.round(UnixSuite.ROUTE_HALF_WIDTH * 100))
			.append(" % to be met; a wider one on the good side is unresolved, with the rounds it would take. ")
			.append("Route and hand-wired client are measured in one run of ")
			.append(this.settings.runMillis() * UnixSuite.PAIRED_RUNS)
			.append(" ms per round, their requests in turn, so that both see the same moments of the machine.\n\n");
		Table page = new Table("client→server", "comparison", "metric", "target", "ratio [95 % interval]", "±",
				"verdict");
		for (List<Object> row : targets.rows()) {
			page.add(row.get(0) + "→" + row.get(1), row.get(2), row.get(3), row.get(4),
					interval(row.get(5), row.get(6), row.get(7)), percent(row.get(8)), verdict(row.get(10)));
		}
		text.append(page.markdown()).append('\n');
		text.append("#### Upload of ")
			.append(this.settings.uploadMebibytes())
			.append(" MiB\n\n")
			.append("One upload at a time on a kept-alive connection, the body streamed from a 1 MiB chunk with a ")
			.append("`Content-Length`; the server reads it all and answers with the byte count, which the client checks. ")
			.append("Medians over rounds ([unix-upload.csv](unix-upload.csv)); target Unix / TCP ≥ ")
			.append(UnixSuite.UPLOAD_TARGET)
			.append(".\n\n");
		Table uploads = new Table("client→server", "TCP MB/s", "Unix MB/s", "TCP ms", "Unix ms",
				"Unix / TCP [95 % interval]", "verdict");
		for (List<Object> row : upload.rows()) {
			uploads.add(row.get(0) + "→" + row.get(1), rounded(row.get(2)), rounded(row.get(3)), rounded(row.get(4)),
					rounded(row.get(5)), interval(row.get(6), row.get(7), row.get(8)), verdict(row.get(10)));
		}
		text.append(uploads.markdown()).append('\n');
		text.append("#### nginx as the sidecar\n\n");
		if (this.nginxMissing != null) {
			text.append("Not measured: ").append(this.nginxMissing).append(".\n\n");
		}
		else {
			text.append("The same nginx on `127.0.0.1` and on `listen unix:` (`return 200 \"ok\"`), kept-alive, one ")
				.append("request in flight; the starter's routed clients against the same clients over TCP, beside ")
				.append("the hand-wired Reactor Netty client on both transports ([unix-nginx.csv](unix-nginx.csv); ")
				.append("medians over rounds in µs).\n\n");
			Table rows = new Table("client", "comparison", "metric", "Unix µs", "TCP µs", "Unix / TCP [95 % interval]");
			for (List<Object> row : nginx.rows()) {
				rows.add(row.get(0), row.get(1), row.get(2), rounded(row.get(3)), rounded(row.get(4)),
						interval(row.get(5), row.get(6), row.get(7)));
			}
			text.append(rows.markdown()).append('\n');
		}
		text.append("#### Medians\n\n")
			.append("Over rounds ([unix-summary.csv](unix-summary.csv); every run in [unix-runs.csv](unix-runs.csv)): ")
			.append("µs per request, requests per second with 1, 4 and 16 in flight, new connections per second, ")
			.append("CPU µs per request at 16 in flight, upload MB/s.\n\n");
		text.append(summary.markdown()).append('\n');
		for (String plot : List.of("unix-ratios", "unix-route-overhead", "unix-upload", "unix-upload-throughput",
				"unix-nginx", "unix-latency", "unix-throughput", "unix-connect", "unix-cpu")) {
			if (!plot.equals("unix-nginx") || this.nginxMissing == null) {
				text.append("![").append(plot).append("](").append(plot).append(".png)\n");
			}
		}
		return text.toString();
	}

	private static String interval(Object ratio, Object low, Object high) {
		if (!(ratio instanceof Double value) || value.isNaN()) {
			return "—";
		}
		return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", value, (Double) low, (Double) high);
	}

	private static String rounded(Object value) {
		return (value instanceof Double number && !number.isNaN()) ? String.format(Locale.ROOT, "%.1f", number) : "";
	}

	private static String percent(Object halfWidth) {
		return (halfWidth instanceof Double value && !value.isNaN())
				? String.format(Locale.ROOT, "±%.1f %%", value * 100) : "";
	}

	private static String verdict(Object verdict) {
		return verdict.equals("met") ? "**met**" : verdict.toString();
	}

}
