package io.github.loopbackfastpath.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Rows of results, written as CSV. Numbers are written with a dot and at most three
 * decimals so that the files stay small and diff well between runs.
 */
public final class Table {

	private final List<String> header;

	private final List<List<Object>> rows = new ArrayList<>();

	/**
	 * Creates an empty table.
	 * @param header the column names
	 */
	public Table(String... header) {
		this.header = List.of(header);
	}

	/**
	 * Adds a row.
	 * @param values one value per column
	 */
	public void add(Object... values) {
		if (values.length != this.header.size()) {
			throw new IllegalArgumentException("Expected " + this.header.size() + " values, got " + values.length);
		}
		this.rows.add(List.of(values));
	}

	/**
	 * The rows added so far.
	 * @return the rows
	 */
	public List<List<Object>> rows() {
		return this.rows;
	}

	/**
	 * Writes the table.
	 * @param file the CSV file
	 * @throws IOException when it cannot be written
	 */
	public void write(Path file) throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add(String.join(",", this.header));
		for (List<Object> row : this.rows) {
			lines.add(row.stream().map(Table::format).collect(Collectors.joining(",")));
		}
		Files.write(file, lines);
	}

	/**
	 * The table as a Markdown table, for the benchmark page: values as
	 * {@link #format(Object)} writes them, without the CSV quotes, {@code |} escaped.
	 * @return the Markdown text, one line per row and a line break at the end
	 */
	public String markdown() {
		StringBuilder text = new StringBuilder();
		text.append("| ").append(String.join(" | ", this.header)).append(" |\n");
		text.append("|").append("---|".repeat(this.header.size())).append('\n');
		for (List<Object> row : this.rows) {
			text.append("| ")
				.append(row.stream()
					.map((value) -> (value instanceof Double || value instanceof Float) ? format(value)
							: String.valueOf(value))
					.map((value) -> value.replace("|", "\\|"))
					.collect(Collectors.joining(" | ")))
				.append(" |\n");
		}
		return text.toString();
	}

	/**
	 * Formats a value the way the CSV files do.
	 * @param value the value
	 * @return its text
	 */
	public static String format(Object value) {
		if (value instanceof Double || value instanceof Float) {
			double number = ((Number) value).doubleValue();
			if (Double.isNaN(number)) {
				return "";
			}
			String text = String.format(Locale.ROOT, "%.3f", number);
			return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
		}
		String text = String.valueOf(value);
		return text.contains(",") ? "\"" + text + "\"" : text;
	}

}
