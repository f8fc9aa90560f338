package io.databridge.autoconfigure;

import io.r2dbc.pool.ConnectionPoolConfiguration;

/**
 * Callback to adjust the r2dbc-pool configuration after Databridge has applied its
 * {@code databridge.pool.*} settings and before the pool is built. Beans of this type are
 * applied in order.
 *
 * @author Databridge team
 */
@FunctionalInterface
public interface ConnectionPoolConfigurationBuilderCustomizer {

	/**
	 * Customizes the pool configuration.
	 * @param builder the builder to customize
	 */
	void customize(ConnectionPoolConfiguration.Builder builder);

}
