package io.databridge.autoconfigure;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.databridge.connection.ConnectionSettings;
import io.databridge.embedded.EmbeddedPostgresServer;
import io.databridge.pool.ConnectionPoolFactory;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.PoolListener;
import io.databridge.pool.PoolSettings;
import io.databridge.query.QueryInstrumentation;
import io.databridge.query.QueryListener;
import io.databridge.query.SlowQueryLogger;
import io.databridge.pooler.PoolerAwareConnectionFactory;
import io.databridge.pooler.PoolerMode;
import io.databridge.startup.PoolStartup;
import io.databridge.startup.StartupMode;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.pool.InstrumentedPool;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;

/**
 * Auto-configuration of a pooled R2DBC PostgreSQL {@link ConnectionFactory} from
 * {@code databridge.*} properties, or from an embedded PostgreSQL when no URL is set.
 * Backs off when the application defines its own {@link ConnectionFactory}; runs before
 * Spring Boot's R2DBC auto-configuration, which then backs off in turn.
 *
 * @author Databridge team
 */
@AutoConfiguration(beforeName = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration")
@ConditionalOnClass({ ConnectionFactory.class, PostgresqlConnectionFactory.class, InstrumentedPool.class })
@ConditionalOnMissingBean(ConnectionFactory.class)
@EnableConfigurationProperties(DatabridgeProperties.class)
public final class DatabridgeAutoConfiguration {

	private static final Log logger = LogFactory.getLog(DatabridgeAutoConfiguration.class);

	@Bean
	@ConditionalOnBean(DatabridgeConnectionDetails.class)
	DatabridgeSettings databridgeSettings(DatabridgeProperties properties, DatabridgeConnectionDetails details,
			Environment environment) {
		UnknownPropertiesCheck.check(environment);
		ConnectionSettings connection = new ConnectionSettingsResolver(properties,
				environment.getProperty("spring.application.name"))
			.resolve(details);
		PoolSettings pool = PoolSettingsResolver.resolve(properties, connection.statementTimeout());
		ConnectionSettingsResolver.requirePositive("databridge.startup.timeout", properties.getStartup().getTimeout(),
				"60s");
		logger.info("[" + pool.name() + "] PostgreSQL " + connection.describe() + "; pool " + pool.describe());
		return new DatabridgeSettings(connection, pool);
	}

	@Bean(destroyMethod = "dispose")
	@ConditionalOnBean(DatabridgeConnectionDetails.class)
	DatabridgeConnectionPool connectionFactory(DatabridgeSettings settings, DatabridgeProperties properties,
			ObjectProvider<PostgresqlConnectionConfigurationBuilderCustomizer> driverCustomizers,
			ObjectProvider<PoolListener> poolListeners, ObjectProvider<QueryListener> queryListeners) {
		DriverConnectionFactory driver = DriverConnectionFactory.create(settings.connection(), settings.pool().name(),
				driverCustomizers.orderedStream().toList());
		List<PoolListener> listeners = new ArrayList<>(poolListeners.orderedStream().toList());
		if (driver.listener() != null) {
			listeners.add(driver.listener());
		}
		DatabridgeConnectionPool pool = ConnectionPoolFactory.create(driver.factory(), settings.pool(), listeners,
				new QueryInstrumentation(queryListeners.orderedStream().toList()));
		DatabridgeProperties.Startup startup = properties.getStartup();
		try {
			PoolStartup.start(pool, settings.connection().target(), startup.getMode(), startup.getTimeout());
			if (startup.getMode() != StartupMode.LAZY && !throughTransactionPooler(settings, driver)) {
				ServerCapacityCheck.run(pool, startup.getCapacityCheck());
			}
		}
		catch (RuntimeException ex) {
			pool.disposeNow();
			throw ex;
		}
		return pool;
	}

	private static boolean throughTransactionPooler(DatabridgeSettings settings, DriverConnectionFactory driver) {
		return settings.connection().pooling().mode() == PoolerMode.TRANSACTION
				|| (driver.factory() instanceof PoolerAwareConnectionFactory aware && aware.isUnnamedOnly());
	}

	@Bean
	@ConditionalOnBean(DatabridgeConnectionDetails.class)
	@ConditionalOnProperty("databridge.observability.slow-query-threshold")
	SlowQueryLogger databridgeSlowQueryLogger(DatabridgeSettings settings, DatabridgeProperties properties) {
		Duration threshold = properties.getObservability().getSlowQueryThreshold();
		Assert.state(threshold != null, "'threshold' must not be null");
		ConnectionSettingsResolver.requirePositive("databridge.observability.slow-query-threshold", threshold, "500ms");
		return new SlowQueryLogger(settings.pool().name(), threshold);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("databridge.url")
	@ConditionalOnMissingBean(DatabridgeConnectionDetails.class)
	static class PropertiesConnectionDetailsConfiguration {

		@Bean
		PropertiesDatabridgeConnectionDetails databridgeConnectionDetails(DatabridgeProperties properties) {
			return new PropertiesDatabridgeConnectionDetails(properties);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres")
	@Conditional(OnNoDatabaseUrlCondition.class)
	@ConditionalOnBooleanProperty(name = "databridge.embedded.enabled", matchIfMissing = true)
	@ConditionalOnMissingBean(DatabridgeConnectionDetails.class)
	static class EmbeddedDatabaseConfiguration {

		@Bean(destroyMethod = "close")
		EmbeddedPostgresServer databridgeEmbeddedPostgres(DatabridgeProperties properties, Environment environment) {
			UnknownPropertiesCheck.check(environment);
			try {
				return EmbeddedPostgresServer.start(properties.getEmbedded().getPort());
			}
			catch (UncheckedIOException ex) {
				throw new InvalidDatabridgePropertyException("databridge.embedded.enabled", true,
						"No databridge.url is set and embedded PostgreSQL could not be started: " + ex.getMessage(),
						"Set databridge.url to your PostgreSQL server, or check the embedded server's log above.", ex);
			}
		}

		@Bean
		DatabridgeConnectionDetails databridgeConnectionDetails(EmbeddedPostgresServer server) {
			return new DatabridgeConnectionDetails() {

				@Override
				public String getUrl() {
					return server.url();
				}

				@Override
				public boolean isDirect() {
					return true;
				}

			};
		}

	}

}
