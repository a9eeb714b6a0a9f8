package io.github.loopbackfastpath.client.autoconfigure;

import io.github.loopbackfastpath.client.FastPathClients;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Adds the fast path to one of Spring Boot's auto-configured client builder beans, and
 * only to that bean: builders the application defines, and builders that Spring Boot
 * makes for HTTP service groups (which carry their own per-group settings), are not
 * touched. Prototype builders are post-processed each time one is created.
 * {@link AutoConfiguredBeans} says why this is not one of Spring Boot's customizer
 * contracts.
 *
 * @param <T> the builder type
 */
final class AutoConfiguredBuilderPostProcessor<T> implements BeanPostProcessor, BeanFactoryAware {

	private final Class<T> type;

	private final Class<?> configurationClass;

	private final ObjectProvider<FastPathClients> clients;

	private final Customization<T> customization;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	AutoConfiguredBuilderPostProcessor(Class<T> type, Class<?> configurationClass,
			ObjectProvider<FastPathClients> clients, Customization<T> customization) {
		this.type = type;
		this.configurationClass = configurationClass;
		this.clients = clients;
		this.customization = customization;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		ConfigurableListableBeanFactory beanFactory = this.beanFactory;
		if (!this.type.isInstance(bean) || beanFactory == null
				|| !AutoConfiguredBeans.isDefinedBy(beanFactory, beanName, this.configurationClass)) {
			return bean;
		}
		FastPathClients clients = this.clients.getIfAvailable();
		return (clients != null) ? this.customization.apply(this.type.cast(bean), clients, beanFactory) : bean;
	}

	/**
	 * What to do to the builder.
	 *
	 * @param <T> the builder type
	 */
	@FunctionalInterface
	interface Customization<T> {

		T apply(T builder, FastPathClients clients, ConfigurableListableBeanFactory beanFactory);

	}

}
