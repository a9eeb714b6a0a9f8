package io.github.loopbackfastpath.client.autoconfigure;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Tells Spring Boot's auto-configured client beans from beans the application defines
 * itself, which the starter leaves alone; the bean definition is asked which
 * auto-configuration class made it. Callers name that class with a class literal under a
 * condition on it, so a class Boot renames or moves breaks the build instead of silently
 * matching nothing (the matrix application {@code unix-route-httpclient5} proves the
 * check holds for AOT-processed bean definitions too).
 * <p>
 * This is the one place that says why the starter post-processes Boot's builder beans
 * ({@link AutoConfiguredBuilderPostProcessor}) instead of using one of the contracts
 * Spring Boot 4.1 offers:
 * <ul>
 * <li>{@code RestClientCustomizer} and {@code WebClientCustomizer}: Boot also applies
 * them to the builders of HTTP service groups
 * ({@code RestClientCustomizerHttpServiceGroupConfigurer},
 * {@code WebClientCustomizerHttpServiceGroupConfigurer}), after the group's own per-group
 * request factory or connector is set, and a customizer only sees the builder, so it
 * would replace every group's settings with the shared ones;</li>
 * <li>{@code RestTemplateCustomizer}: it gets a built {@code RestTemplate}, where a
 * request factory the application chose with {@code requestFactory(...)} cannot be told
 * from Boot's; the immutable {@code RestTemplateBuilder} bean is replaced by one with a
 * fast-path {@code requestFactoryBuilder} instead, which such calls still override;</li>
 * <li>a {@code ClientHttpRequestFactoryBuilder} or {@code ClientHttpConnectorBuilder}
 * bean (Boot backs off from one), or their {@code *BuilderCustomizer}s: one builder feeds
 * {@code RestClient}, {@code RestTemplate} and every service group alike, so the status
 * could no longer count {@code restclient}, {@code resttemplate} and each
 * {@code http-service.<group>} apart, and an application's own builder bean would lose
 * the fast path;</li>
 * <li>for HTTP service groups Boot's contract is used: the groups are configured by a
 * {@code RestClientHttpServiceGroupConfigurer} /
 * {@code WebClientHttpServiceGroupConfigurer} bean ({@link RestClientGroupsFastPath},
 * {@link WebClientGroupsFastPath}). Boot's shared connector customizer
 * ({@code WebClientAutoConfiguration.webClientHttpConnectorCustomizer}) would undo a
 * group's connector and has no type of its own, so {@link WebClientGroupConnectors} finds
 * that one bean by its name and its defining class.</li>
 * </ul>
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
