package io.databridge.autoconfigure;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration that points Flyway and Liquibase at the database of the Databridge
 * pool, so migrations need no second, hand-written JDBC URL: their connection details
 * (and the {@code JdbcConnectionDetails} that makes Spring Boot configure them in an
 * application without a {@link DataSource}) are derived from the resolved Databridge
 * connection. Backs off for a tool whose {@code url} property is set or whose connection
 * details come from elsewhere (a container or Docker Compose service, say), and entirely
 * when the application defines a {@link DataSource}.
 *
 * @author Databridge team
 */
@AutoConfiguration(after = DatabridgeAutoConfiguration.class,
		beforeName = { "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
				"org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration" })
@ConditionalOnClass(
		name = { "org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails", "org.postgresql.Driver" })
@ConditionalOnBean(DatabridgeSettings.class)
@ConditionalOnMissingBean(DataSource.class)
public final class DatabridgeMigrationAutoConfiguration {

	private static final Log logger = LogFactory.getLog(DatabridgeMigrationAutoConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.flywaydb.core.Flyway",
			"org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails" })
	@ConditionalOnBooleanProperty(name = "spring.flyway.enabled", matchIfMissing = true)
	@Conditional(NoFlywayUrlCondition.class)
	@Import(MigrationJdbcConnectionDetailsConfiguration.class)
	static class FlywayConfiguration {

		@Bean
		@ConditionalOnMissingBean(FlywayConnectionDetails.class)
		MigrationConnectionDetails.Flyway databridgeFlywayConnectionDetails(DatabridgeSettings settings,
				Environment environment) {
			MigrationConnectionDetails.Flyway details = new MigrationConnectionDetails.Flyway(settings.connection(),
					environment);
			logger.info("[" + settings.pool().name() + "] Flyway migrations use " + details);
			return details;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "liquibase.integration.spring.SpringLiquibase",
			"org.springframework.boot.liquibase.autoconfigure.LiquibaseConnectionDetails" })
	@ConditionalOnBooleanProperty(name = "spring.liquibase.enabled", matchIfMissing = true)
	@Conditional(NoLiquibaseUrlCondition.class)
	@Import(MigrationJdbcConnectionDetailsConfiguration.class)
	static class LiquibaseConfiguration {

		@Bean
		@ConditionalOnMissingBean(LiquibaseConnectionDetails.class)
		MigrationConnectionDetails.Liquibase databridgeLiquibaseConnectionDetails(DatabridgeSettings settings,
				Environment environment) {
			MigrationConnectionDetails.Liquibase details = new MigrationConnectionDetails.Liquibase(
					settings.connection(), environment);
			logger.info("[" + settings.pool().name() + "] Liquibase migrations use " + details);
			return details;
		}

	}

	/**
	 * Matches unless {@code spring.flyway.url} is set.
	 */
	static final class NoFlywayUrlCondition extends NoneNestedConditions {

		NoFlywayUrlCondition() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnProperty("spring.flyway.url")
		static final class FlywayUrl {

		}

	}

	/**
	 * Matches unless {@code spring.liquibase.url} is set.
	 */
	static final class NoLiquibaseUrlCondition extends NoneNestedConditions {

		NoLiquibaseUrlCondition() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnProperty("spring.liquibase.url")
		static final class LiquibaseUrl {

		}

	}

}
