package io.github.loopbackfastpath.client;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;

import org.springframework.boot.http.client.ReactorClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sees Reactor Netty hand a connection back to its pool: it does so on the event loop,
 * after the response body has been delivered to the caller, and reports {@code RELEASED}
 * once the pool has it again. Tests wait for that event before a request that must reuse
 * the pooled connection.
 */
final class PoolReleases implements ConnectionObserver {

	private final Semaphore released = new Semaphore(0);

	@Override
	public void onStateChange(Connection connection, State newState) {
		if (newState == State.RELEASED) {
			this.released.release();
		}
	}

	void await() {
		try {
			assertThat(this.released.tryAcquire(10, TimeUnit.SECONDS)).as("connection back in the pool").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Observes the pools of every Reactor Netty client that Spring Boot's builders make.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Observing {

		@Bean
		PoolReleases poolReleases() {
			return new PoolReleases();
		}

		@Bean
		ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder> observeConnectorReleases(
				PoolReleases releases) {
			return (builder) -> builder.withHttpClientCustomizer((client) -> client.observe(releases));
		}

		@Bean
		ClientHttpRequestFactoryBuilderCustomizer<ReactorClientHttpRequestFactoryBuilder> observeRequestFactoryReleases(
				PoolReleases releases) {
			return (builder) -> builder.withHttpClientCustomizer((client) -> client.observe(releases));
		}

	}

}
