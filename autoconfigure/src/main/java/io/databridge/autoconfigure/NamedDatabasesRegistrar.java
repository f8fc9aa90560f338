package io.databridge.autoconfigure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.databridge.credentials.DatabridgePasswordSupplier;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.PoolListenerFactory;
import io.databridge.query.QueryListener;
import io.databridge.transaction.CancellationSafeTransactionManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.data.r2dbc.convert.MappingR2dbcConverter;
import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.dialect.PostgresDialect;
import org.springframework.data.r2dbc.mapping.R2dbcMappingContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.ClassUtils;

/**
 * Registers the beans of each database under {@code databridge.databases}: its settings,
 * its pool (a {@link io.r2dbc.spi.ConnectionFactory}), and, where Spring R2DBC and Spring
 * Data R2DBC are on the classpath, its {@link DatabaseClient}, transaction manager and
 * {@link R2dbcEntityTemplate}.
 * <p>
 * Each bean is named after the database ({@code reportsConnectionFactory},
 * {@code reportsDatabaseClient}, {@code reportsTransactionManager},
 * {@code reportsR2dbcEntityTemplate}) and qualified by its name
 * ({@code @Qualifier("reports")}). None is a default candidate: an injection point
 * without the qualifier, and Spring Boot's conditions, see only the primary database's
 * beans, so adding a database changes nothing for code written against the primary. A
 * bean the application defines under one of these names is kept and not registered.
 *
 * @author Databridge team
 */
final class NamedDatabasesRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

	private static final Log logger = LogFactory.getLog(NamedDatabasesRegistrar.class);

	private static final boolean DATABASE_CLIENT_PRESENT = isPresent("org.springframework.r2dbc.core.DatabaseClient");

	private static final boolean ENTITY_TEMPLATE_PRESENT = DATABASE_CLIENT_PRESENT
			&& isPresent("org.springframework.data.r2dbc.core.R2dbcEntityTemplate");

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Environment environment = this.environment;
		if (environment == null || !(registry instanceof ListableBeanFactory beanFactory)) {
			return;
		}
		Map<String, DatabaseProperties> databases = NamedDatabases.in(environment);
		if (databases.isEmpty()) {
			return;
		}
		checkPoolNamesUnique(environment, databases);
		for (String name : databases.keySet()) {
			register(name, environment, beanFactory, registry);
		}
		registry.registerBeanDefinition("databridgeNamedDatabases", new RootBeanDefinition(NamedDatabases.class,
				() -> new NamedDatabases(List.copyOf(databases.keySet()), beanFactory)));
	}

	private void register(String name, Environment environment, ListableBeanFactory beanFactory,
			BeanDefinitionRegistry registry) {
		String settingsBean = NamedDatabases.beanName(name, "DatabridgeSettings");
		String poolBean = NamedDatabases.beanName(name, "ConnectionFactory");
		register(registry, name, settingsBean, DatabridgeSettings.class, () -> settings(name, environment, beanFactory),
				null);
		RootBeanDefinition pool = register(
				registry, name, poolBean, DatabridgeConnectionPool.class, () -> DatabridgePools
					.open(beanFactory.getBean(settingsBean, DatabridgeSettings.class), contributions(beanFactory)),
				settingsBean);
		if (pool != null) {
			pool.setDestroyMethodName("dispose");
		}
		if (DATABASE_CLIENT_PRESENT) {
			SpringR2dbcBeans.register(registry, name, poolBean, beanFactory);
		}
		if (ENTITY_TEMPLATE_PRESENT) {
			SpringDataR2dbcBeans.register(registry, name, beanFactory);
		}
	}

	private static <T> @Nullable RootBeanDefinition register(BeanDefinitionRegistry registry, String database,
			String beanName, Class<T> type, Supplier<T> supplier, @Nullable String dependsOn) {
		if (registry.containsBeanDefinition(beanName)) {
			logger.debug("[" + database + "] Bean '" + beanName + "' is defined by the application and kept");
			return null;
		}
		RootBeanDefinition definition = new RootBeanDefinition(type, supplier);
		definition.setDefaultCandidate(false);
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, database));
		if (dependsOn != null) {
			definition.setDependsOn(dependsOn);
		}
		registry.registerBeanDefinition(beanName, definition);
		return definition;
	}

	private static DatabridgeSettings settings(String name, Environment environment, ListableBeanFactory beanFactory) {
		beanFactory.getBeanProvider(UnknownPropertiesCheck.class)
			.getIfAvailable(() -> UnknownPropertiesCheck.of(environment));
		DatabridgeProperties root = beanFactory.getBean(DatabridgeProperties.class);
		DatabaseProperties properties = root.getDatabases().get(name);
		DatabridgeSettings settings = DatabridgeSettingsResolver
			.forDatabase(root, name, environment.getProperty("spring.application.name"))
			.resolve(new PropertiesDatabridgeConnectionDetails(properties));
		logger.info("[" + settings.pool().name() + "] " + settings.describe() + "; beans qualified '" + name + "'");
		return settings;
	}

	/**
	 * Returns what the application's beans contribute to a named database's pool: the
	 * same as to the primary's, except the {@link io.databridge.pool.PoolListener} beans,
	 * which observe the primary's pool only; {@link PoolListenerFactory} beans make the
	 * listeners of every pool.
	 */
	private static PoolContributions contributions(ListableBeanFactory beanFactory) {
		return new PoolContributions(
				beanFactory.getBeanProvider(PostgresqlConnectionConfigurationBuilderCustomizer.class)
					.orderedStream()
					.toList(),
				beanFactory.getBeanProvider(SslBundles.class).getIfAvailable(),
				beanFactory.getBeanProvider(DatabridgePasswordSupplier.class).getIfUnique(), List.of(),
				beanFactory.getBeanProvider(PoolListenerFactory.class).orderedStream().toList(),
				beanFactory.getBeanProvider(QueryListener.class).orderedStream().toList());
	}

	/**
	 * Refuses two pools of one name, which would log and publish metrics as one: the
	 * primary's, its replicas' and the named databases'.
	 */
	private static void checkPoolNamesUnique(Environment environment, Map<String, DatabaseProperties> databases) {
		Map<String, String> owners = new HashMap<>();
		owners.put(environment.getProperty("databridge.pool.name", "databridge"), "databridge.pool.name");
		databases.forEach((name, properties) -> {
			String poolName = (properties.getPool().getName() != null) ? properties.getPool().getName() : name;
			String property = DatabridgeSettingsResolver.DATABASES_PREFIX + name + ".pool.name";
			String owner = owners.putIfAbsent(poolName, property);
			if (owner != null) {
				throw new InvalidDatabridgePropertyException(
						property, poolName, "Another pool already has this name (" + owner
								+ "), and two pools of one name would share " + "their log lines and metrics.",
						"Set " + property + " to a name no other pool has.");
			}
		});
	}

	private static boolean isPresent(String className) {
		return ClassUtils.isPresent(className, NamedDatabasesRegistrar.class.getClassLoader());
	}

	/**
	 * Registers a database's {@link DatabaseClient} and transaction manager; a class of
	 * its own so that Spring R2DBC is loaded only when it is on the classpath.
	 */
	private static final class SpringR2dbcBeans {

		static void register(BeanDefinitionRegistry registry, String name, String poolBean,
				ListableBeanFactory beanFactory) {
			NamedDatabasesRegistrar.register(registry, name, NamedDatabases.beanName(name, "DatabaseClient"),
					DatabaseClient.class,
					() -> DatabaseClient.builder()
						.connectionFactory(beanFactory.getBean(poolBean, DatabridgeConnectionPool.class))
						.build(),
					poolBean);
			NamedDatabasesRegistrar.register(registry, name, NamedDatabases.beanName(name, "TransactionManager"),
					CancellationSafeTransactionManager.class, () -> new CancellationSafeTransactionManager(
							beanFactory.getBean(poolBean, DatabridgeConnectionPool.class)),
					poolBean);
		}

	}

	/**
	 * Registers a database's {@link R2dbcEntityTemplate}, which Spring Data R2DBC
	 * repositories of that database use
	 * ({@code @EnableR2dbcRepositories(entityOperationsRef
	 * = "reportsR2dbcEntityTemplate")}); a class of its own so that Spring Data R2DBC is
	 * loaded only when it is on the classpath. It converts with the application's
	 * {@link R2dbcConverter} when there is one.
	 */
	private static final class SpringDataR2dbcBeans {

		static void register(BeanDefinitionRegistry registry, String name, ListableBeanFactory beanFactory) {
			String clientBean = NamedDatabases.beanName(name, "DatabaseClient");
			NamedDatabasesRegistrar.register(registry, name, NamedDatabases.beanName(name, "R2dbcEntityTemplate"),
					R2dbcEntityTemplate.class, () -> {
						R2dbcConverter converter = beanFactory.getBeanProvider(R2dbcConverter.class)
							.getIfUnique(() -> new MappingR2dbcConverter(new R2dbcMappingContext()));
						return new R2dbcEntityTemplate(beanFactory.getBean(clientBean, DatabaseClient.class),
								PostgresDialect.INSTANCE, converter);
					}, clientBean);
		}

	}

}
