package io.github.loopbackfastpath.benchmarks.report;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The part of the benchmark page a run rewrites: only the text between its markers, and
 * nothing where the page or a marker is missing.
 */
class PageSectionTests {

	@TempDir
	Path directory;

	@Test
	void onlyTheTextBetweenTheMarkersIsReplaced() throws Exception {
		Path page = this.directory.resolve("README.md");
		Files.writeString(page, """
				# Benchmarks
				prose before
				<!-- generated: unix -->
				old figures
				<!-- end generated: unix -->
				prose after
				<!-- generated: other -->
				kept
				<!-- end generated: other -->
				""");
		assertThat(new PageSection("unix").rewrite(page, "| a |\n|---|\n| 1 |")).isTrue();
		assertThat(Files.readString(page)).isEqualTo("""
				# Benchmarks
				prose before
				<!-- generated: unix -->
				| a |
				|---|
				| 1 |
				<!-- end generated: unix -->
				prose after
				<!-- generated: other -->
				kept
				<!-- end generated: other -->
				""");
		assertThat(new PageSection("unix").rewrite(page, "new\n")).isTrue();
		assertThat(Files.readString(page)).contains("<!-- generated: unix -->\nnew\n<!-- end generated: unix -->")
			.doesNotContain("| 1 |");
	}

	@Test
	void aPageWithoutTheSectionIsLeftAsItWas() throws Exception {
		Path page = this.directory.resolve("README.md");
		String text = "# Benchmarks\n<!-- generated: unix -->\nno end marker\n";
		Files.writeString(page, text);
		assertThat(new PageSection("unix").rewrite(page, "new")).isFalse();
		assertThat(Files.readString(page)).isEqualTo(text);
		assertThat(new PageSection("unix").rewrite(this.directory.resolve("missing.md"), "new")).isFalse();
		assertThat(this.directory.resolve("missing.md")).doesNotExist();
	}

	@Test
	void aTableIsWrittenAsMarkdownWithTheCsvNumberFormat() {
		Table table = new Table("client→server", "ratio", "verdict");
		table.add("webclient→nginx", 0.98765, "met");
		table.add("a|b", Double.NaN, "too few rounds");
		assertThat(table.markdown()).isEqualTo("""
				| client→server | ratio | verdict |
				|---|---|---|
				| webclient→nginx | 0.988 | met |
				| a\\|b |  | too few rounds |
				""");
	}

}
