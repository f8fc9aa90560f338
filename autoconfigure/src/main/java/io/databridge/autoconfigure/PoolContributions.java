package io.databridge.autoconfigure;

import java.util.List;

import io.databridge.credentials.DatabridgePasswordSupplier;
import io.databridge.pool.PoolListener;
import io.databridge.pool.PoolListenerFactory;
import io.databridge.query.QueryListener;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundles;

/**
 * What the application contributes to a pool through its beans, gathered once so that a
 * pool can be built from settings and these alone.
 *
 * @param driverCustomizers customize the driver's configuration, in order
 * @param sslBundles Spring Boot's SSL bundles, or {@code null} if there are none
 * @param passwordSupplier supplies passwords that change, or {@code null} to use the
 * configured password
 * @param poolListeners told of the pool's events
 * @param poolListenerFactories make a listener for each other pool, such as a read
 * replica's
 * @param queryListeners told of every statement
 * @author Databridge team
 */
record PoolContributions(List<PostgresqlConnectionConfigurationBuilderCustomizer> driverCustomizers,
		@Nullable SslBundles sslBundles, @Nullable DatabridgePasswordSupplier passwordSupplier,
		List<PoolListener> poolListeners, List<PoolListenerFactory> poolListenerFactories,
		List<QueryListener> queryListeners) {

}
