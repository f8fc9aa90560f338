package io.databridge.autoconfigure;

import io.databridge.pool.DatabridgeConnectionPool;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;

/**
 * Keeps Spring Boot's {@code r2dbc} health contributor from reporting the Databridge pool
 * a second time, without a timeout: the {@code databridge} indicator reports it.
 * Databridge backs off when the application defines its own {@code ConnectionFactory}, so
 * when its pool exists it is the application's only one, and Boot's contributor is
 * removed.
 *
 * @author Databridge team
 */
final class R2dbcHealthContributorFilter implements BeanFactoryPostProcessor {

	static final String BOOT_CONTRIBUTOR = "r2dbcHealthContributor";

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
		if (beanFactory instanceof BeanDefinitionRegistry registry && registry.containsBeanDefinition(BOOT_CONTRIBUTOR)
				&& beanFactory.getBeanNamesForType(DatabridgeConnectionPool.class, true, false).length > 0) {
			registry.removeBeanDefinition(BOOT_CONTRIBUTOR);
		}
	}

}
