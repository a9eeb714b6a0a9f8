package io.github.loopbackfastpath.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.github.loopbackfastpath.client.FastPathRequestFactories;
import io.github.loopbackfastpath.unix.UnixSocketClients;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every hint to switch Spring Boot's HTTP client names the library to add, with its Maven
 * coordinates: {@code spring.http.clients.imperative.factory=http-components} alone stops
 * an application without Apache HttpClient with {@code NoClassDefFoundError} (issue #23).
 */
class FixHintsNameTheDependencyTests {

	private static final String HTTPCLIENT5 = "org.apache.httpcomponents.client5:httpclient5";

	private static final String REACTOR_NETTY = "io.projectreactor.netty:reactor-netty-http";

	@Test
	void notCoveredTextsNameTheCoordinates() {
		for (String text : List.of(FastPathRequestFactories.NOT_COVERED, UnixSocketClients.NOT_COVERED)) {
			assertThat(text).contains(HTTPCLIENT5).contains(REACTOR_NETTY);
		}
	}

	@Test
	void docsNameTheLibraryWhereverTheyNameTheProperty() throws IOException {
		List<String> missing = new ArrayList<>();
		for (Path file : userDocs()) {
			for (String hint : hints(Files.readString(file))) {
				boolean apache = hint.contains("factory=http-components");
				boolean reactor = hint.contains("factory=reactor") || hint.contains("connector=reactor");
				if ((apache && !hint.contains("httpclient5")) || (reactor && !hint.contains("reactor-netty-http"))) {
					missing.add(file.getFileName() + ": " + hint);
				}
			}
		}
		assertThat(missing).as("hints without the dependency").isEmpty();
	}

	private static List<Path> userDocs() throws IOException {
		List<Path> files = new ArrayList<>(List.of(Path.of("..", "README.md")));
		try (Stream<Path> docs = Files.list(Path.of("..", "docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(files::add);
		}
		return files;
	}

	/**
	 * The paragraphs (each table row on its own) that name a client property.
	 */
	private static List<String> hints(String markdown) {
		List<String> hints = new ArrayList<>();
		for (String paragraph : markdown.split("\\n\\s*\\n")) {
			List<String> parts = paragraph.startsWith("|") ? List.of(paragraph.split("\\n")) : List.of(paragraph);
			parts.stream()
				.filter((part) -> part.contains("spring.http.clients.imperative.factory=")
						|| part.contains("spring.http.clients.reactive.connector="))
				.forEach(hints::add);
		}
		return hints;
	}

}
