package io.databridge.autoconfigure;

import java.io.UncheckedIOException;
import java.time.Duration;

import io.databridge.embedded.EmbeddedPostgresServer;
import io.databridge.credentials.DatabridgePasswordSupplier;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.PoolListener;
import io.databridge.pool.PoolListenerFactory;
import io.databridge.query.QueryListener;
import io.databridge.query.SlowQueryLogger;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.pool.InstrumentedPool;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
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
	static UnknownPropertiesCheck databridgeUnknownPropertiesCheck(Environment environment) {
		return UnknownPropertiesCheck.of(environment);
	}

	@Bean
	@ConditionalOnBean(DatabridgeConnectionDetails.class)
	DatabridgeSettings databridgeSettings(DatabridgeProperties properties, DatabridgeConnectionDetails details,
			Environment environment, UnknownPropertiesCheck propertiesChecked) {
		DatabridgeSettings settings = new DatabridgeSettingsResolver(properties,
				environment.getProperty("spring.application.name"))
			.resolve(details);
		logger.info("[" + settings.pool().name() + "] " + settings.describe());
		return settings;
	}

	@Bean(destroyMethod = "dispose")
	@ConditionalOnBean(DatabridgeConnectionDetails.class)
	DatabridgeConnectionPool connectionFactory(DatabridgeSettings settings,
			ObjectProvider<PostgresqlConnectionConfigurationBuilderCustomizer> driverCustomizers,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<DatabridgePasswordSupplier> passwordSupplier,
			ObjectProvider<PoolListener> poolListeners, ObjectProvider<PoolListenerFactory> poolListenerFactories,
			ObjectProvider<QueryListener> queryListeners) {
		return DatabridgePools.open(settings,
				new PoolContributions(driverCustomizers.orderedStream().toList(), sslBundles.getIfAvailable(),
						passwordSupplier.getIfUnique(), poolListeners.orderedStream().toList(),
						poolListenerFactories.orderedStream().toList(), queryListeners.orderedStream().toList()));
	}

	@Bean
	@ConditionalOnBean(DatabridgeConnectionDetails.class)
	@ConditionalOnProperty("databridge.observability.slow-query-threshold")
	SlowQueryLogger databridgeSlowQueryLogger(DatabridgeSettings settings) {
		Duration threshold = settings.slowQueryThreshold();
		Assert.state(threshold != null, "'threshold' must not be null");
		return new SlowQueryLogger(threshold);
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
		EmbeddedPostgresServer databridgeEmbeddedPostgres(DatabridgeProperties properties,
				UnknownPropertiesCheck propertiesChecked) {
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
