package io.databridge.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Registers the {@link JdbcConnectionDetails} of the Databridge connection, without which
 * Spring Boot does not configure Flyway or Liquibase in an application that has no
 * {@code DataSource}. Imported by {@link DatabridgeMigrationAutoConfiguration} for each
 * migration tool it configures, so it exists only when one of them needs it. Spring
 * Boot's {@code DataSource} auto-configuration still backs off, because the Databridge
 * {@code ConnectionFactory} exists.
 *
 * @author Databridge team
 */
@Configuration(proxyBeanMethods = false)
class MigrationJdbcConnectionDetailsConfiguration {

	@Bean
	@ConditionalOnMissingBean(JdbcConnectionDetails.class)
	MigrationConnectionDetails.Jdbc databridgeJdbcConnectionDetails(DatabridgeSettings settings,
			Environment environment) {
		return new MigrationConnectionDetails.Jdbc(settings.connection(), environment);
	}

}
