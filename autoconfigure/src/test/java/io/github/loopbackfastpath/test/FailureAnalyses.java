package io.github.loopbackfastpath.test;

import java.util.List;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;

/**
 * Runs a startup failure through the failure analyzers registered in
 * {@code META-INF/spring.factories}, as Spring Boot does when an application fails to
 * start, so tests see the text a user would see.
 */
public final class FailureAnalyses {

	private FailureAnalyses() {
	}

	/**
	 * Analyzes a failure.
	 * @param failure the startup failure
	 * @return the first analysis, as Spring Boot would print it
	 * @throws AssertionError when no analyzer explains the failure
	 */
	public static FailureAnalysis analyze(Throwable failure) {
		// Analyzers that need the application context are not instantiated here; ours and
		// Boot's binding analyzers need nothing.
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, ArgumentResolver.none(), (type, name, ex) -> {
			});
		for (FailureAnalyzer analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		throw new AssertionError("No failure analyzer explains " + failure, failure);
	}

}
