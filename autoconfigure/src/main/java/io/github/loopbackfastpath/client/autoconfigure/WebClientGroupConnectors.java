package io.github.loopbackfastpath.client.autoconfigure;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Keeps the connector that each {@code WebClient} group got from its own settings. Spring
 * Boot 4.1 sets its shared {@code ClientHttpConnector} bean on every
 * {@code WebClient.Builder} through a {@code WebClientCustomizer}
 * ({@code WebClientAutoConfiguration}'s {@code webClientHttpConnectorCustomizer}), and
 * applies the customizers to group builders too, after its properties configurer has set
 * the group's connector: the group's read timeout, SSL bundle and fast path would be
 * lost. That one customizer is skipped for the builders of groups that got a connector
 * here; every other customizer, and a connector the application sets, still applies (why
 * by name: see {@link AutoConfiguredBeans}).
 */
final class WebClientGroupConnectors implements BeanPostProcessor, BeanFactoryAware {

	private static final String SHARED_CONNECTOR_CUSTOMIZER = "webClientHttpConnectorCustomizer";

	// Builders are compared by identity (no builder overrides equals) and never kept
	// alive here.
	private final Set<WebClient.Builder> groupBuilders = Collections
		.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	/**
	 * Records that a group builder has its own connector now.
	 * @param builder the group's builder
	 */
	void keep(WebClient.Builder builder) {
		this.groupBuilders.add(builder);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		if (bean instanceof WebClientCustomizer customizer && SHARED_CONNECTOR_CUSTOMIZER.equals(beanName)
				&& beanFactory != null
				&& AutoConfiguredBeans.isDefinedBy(beanFactory, beanName, WebClientAutoConfiguration.class)) {
			return (WebClientCustomizer) (builder) -> {
				if (!this.groupBuilders.contains(builder)) {
					customizer.customize(builder);
				}
			};
		}
		return bean;
	}

}
