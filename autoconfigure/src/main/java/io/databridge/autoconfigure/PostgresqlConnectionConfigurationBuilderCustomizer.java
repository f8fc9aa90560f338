package io.databridge.autoconfigure;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;

/**
 * Callback to adjust the r2dbc-postgresql driver configuration after Databridge has
 * applied its settings and before the connection factory is built. Beans of this type are
 * applied in order.
 *
 * @author Databridge team
 */
@FunctionalInterface
public interface PostgresqlConnectionConfigurationBuilderCustomizer {

	/**
	 * Customizes the driver configuration.
	 * @param builder the builder to customize
	 */
	void customize(PostgresqlConnectionConfiguration.Builder builder);

}
