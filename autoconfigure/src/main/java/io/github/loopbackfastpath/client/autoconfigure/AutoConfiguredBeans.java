package io.github.loopbackfastpath.client.autoconfigure;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Tells Spring Boot's auto-configured client beans from beans the application defines
 * itself, which the starter leaves alone. Spring Boot's customizer contracts
 * ({@code RestClientCustomizer}, {@code WebClientCustomizer}) do not draw that line: Boot
 * also applies them to the clients of HTTP service groups, whose per-group settings the
 * starter must not overwrite. So the bean definition is asked which auto-configuration
 * class made it; callers name that class with a class literal under a condition on it, so
 * a class Boot renames or moves breaks the build instead of silently matching nothing.
 */
final class AutoConfiguredBeans {

	private AutoConfiguredBeans() {
	}

	/**
	 * Whether a bean comes from a {@code @Bean} method of the given configuration class.
	 * @param beanFactory the bean factory
	 * @param beanName the bean
	 * @param configurationClass the configuration class's name
	 * @return whether that class defines the bean
	 */
	static boolean isDefinedBy(ConfigurableListableBeanFactory beanFactory, String beanName,
			Class<?> configurationClass) {
		return isDefinedBy(beanFactory, beanName, configurationClass.getName());
	}

	/**
	 * Whether a bean comes from a {@code @Bean} method of the configuration class of the
	 * given name.
	 * @param beanFactory the bean factory
	 * @param beanName the bean
	 * @param configurationClass the configuration class's name
	 * @return whether that class defines the bean
	 */
	private static boolean isDefinedBy(ConfigurableListableBeanFactory beanFactory, String beanName,
			String configurationClass) {
		if (!beanFactory.containsBeanDefinition(beanName)) {
			return false;
		}
		BeanDefinition definition = beanFactory.getBeanDefinition(beanName);
		String factoryBean = definition.getFactoryBeanName();
		return factoryBean != null && beanFactory.containsBeanDefinition(factoryBean)
				&& configurationClass.equals(beanFactory.getBeanDefinition(factoryBean).getBeanClassName());
	}

	/**
	 * Whether a bean of a type exists that the given configuration class did not define.
	 * @param beanFactory the bean factory
	 * @param type the bean type
	 * @param configurationClass the configuration class's name
	 * @return whether the application defines one of its own
	 */
	static boolean hasOtherThan(ConfigurableListableBeanFactory beanFactory, Class<?> type,
			Class<?> configurationClass) {
		return hasOtherThan(beanFactory, type, configurationClass.getName());
	}

	/**
	 * Whether a bean of a type exists that the configuration class of the given name did
	 * not define.
	 * @param beanFactory the bean factory
	 * @param type the bean type
	 * @param configurationClass the configuration class's name
	 * @return whether the application defines one of its own
	 */
	private static boolean hasOtherThan(ConfigurableListableBeanFactory beanFactory, Class<?> type,
			String configurationClass) {
		for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
			if (!isDefinedBy(beanFactory, name, configurationClass)) {
				return true;
			}
		}
		return false;
	}

}
