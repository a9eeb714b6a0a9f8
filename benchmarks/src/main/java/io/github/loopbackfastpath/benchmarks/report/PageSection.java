package io.github.loopbackfastpath.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A part of the benchmark page ({@code docs/benchmarks/README.md}) that a run writes
 * itself, so that the page's tables are the run's figures and not a copy typed by hand:
 * the text between {@code <!-- generated: NAME -->} and {@code <!-- end generated: NAME
 * -->}. The prose around it, which explains the figures, stays the author's.
 */
public final class PageSection {

	private final String name;

	/**
	 * Names a section.
	 * @param name the name in its markers
	 */
	public PageSection(String name) {
		this.name = name;
	}

	/**
	 * Replaces the section's text in a page, markers kept.
	 * @param page the Markdown page
	 * @param text the new text between the markers
	 * @return whether the page holds the section (and so was rewritten); {@code false}
	 * when the file or one of its markers is missing, and then the page is left as it was
	 * @throws IOException when the page cannot be read or written
	 */
	public boolean rewrite(Path page, String text) throws IOException {
		if (!Files.isRegularFile(page)) {
			return false;
		}
		String content = Files.readString(page);
		String begin = "<!-- generated: " + this.name + " -->";
		String end = "<!-- end generated: " + this.name + " -->";
		int from = content.indexOf(begin);
		int to = content.indexOf(end);
		if (from < 0 || to < from) {
			return false;
		}
		String body = text.endsWith("\n") ? text : text + "\n";
		Files.writeString(page, content.substring(0, from + begin.length()) + "\n" + body + content.substring(to));
		return true;
	}

}
