package io.databridge.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.PoolListener;
import io.databridge.pooler.PoolerAwareConnectionFactory;
import io.databridge.pooler.PoolerMode;
import io.databridge.query.QueryInstrumentation;
import io.databridge.query.QueryListener;
import io.databridge.startup.PoolStartup;
import io.databridge.startup.StartupMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundles;

/**
 * Builds a whole pool from {@link DatabridgeSettings} and opens it as the startup
 * settings say: the driver's connection factory ({@link DriverConnectionFactory}), the
 * pool around it ({@link DatabridgeConnectionPool#builder}), its start
 * ({@link PoolStartup}) and the check of the server's free connection slots
 * ({@link ServerCapacityCheck}). A pool that fails to open is disposed before the failure
 * is thrown.
 *
 * @author Databridge team
 */
final class DatabridgePools {

	private DatabridgePools() {
	}

	/**
	 * Builds and opens a pool.
	 * @param settings the validated settings
	 * @param driverCustomizers customize the driver's configuration, in order
	 * @param sslBundles Spring Boot's SSL bundles, or {@code null} if there are none
	 * @param poolListeners told of the pool's events
	 * @param queryListeners told of every statement
	 * @return the open pool (or, in lazy startup mode, the pool that opens on first use)
	 */
	static DatabridgeConnectionPool open(DatabridgeSettings settings,
			List<PostgresqlConnectionConfigurationBuilderCustomizer> driverCustomizers, @Nullable SslBundles sslBundles,
			List<PoolListener> poolListeners, List<QueryListener> queryListeners) {
		DriverConnectionFactory driver = DriverConnectionFactory.create(settings.connection(), settings.pool().name(),
				driverCustomizers, sslBundles);
		List<PoolListener> listeners = new ArrayList<>(poolListeners);
		if (driver.listener() != null) {
			listeners.add(driver.listener());
		}
		DatabridgeConnectionPool pool = DatabridgeConnectionPool.builder(driver.factory(), settings.pool())
			.listeners(listeners)
			.instrumentation(new QueryInstrumentation(queryListeners))
			.build();
		DatabridgeSettings.Startup startup = settings.startup();
		try {
			PoolStartup.start(pool, settings.connection().target(), startup.mode(), startup.timeout());
			if (startup.mode() != StartupMode.LAZY && !throughPooler(settings, driver)) {
				ServerCapacityCheck.run(pool, startup.capacityCheck());
			}
		}
		catch (RuntimeException ex) {
			pool.disposeNow();
			throw ex;
		}
		return pool;
	}

	private static boolean throughPooler(DatabridgeSettings settings, DriverConnectionFactory driver) {
		PoolerMode mode = settings.connection().pooling().mode();
		return mode == PoolerMode.TRANSACTION || mode == PoolerMode.SESSION
				|| (driver.factory() instanceof PoolerAwareConnectionFactory aware && aware.isUnnamedOnly());
	}

}
