package io.databridge.tck;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;

/**
 * The R2DBC SPI conformance suite against r2dbc-postgresql alone, unpooled: the baseline
 * that {@link DatabridgeTestKitIntegrationTests} must match.
 *
 * @author Databridge team
 */
class DriverTestKitIntegrationTests extends PostgresTestKit {

	private final ConnectionFactory connectionFactory = ConnectionFactories.get("r2dbc:" + url());

	@Override
	public ConnectionFactory getConnectionFactory() {
		return this.connectionFactory;
	}

}
