package io.databridge.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.databridge.connection.ConnectionSettings;
import io.databridge.credentials.CachedPassword;
import io.databridge.credentials.DatabridgePasswordSupplier;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.PoolListener;
import io.databridge.pooler.PoolerMode;
import io.databridge.query.QueryInstrumentation;
import io.databridge.query.QueryTarget;
import io.databridge.url.TargetSessionAttributes;
import io.databridge.startup.PoolStartup;
import io.databridge.startup.StartupMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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

	private static final Log logger = LogFactory.getLog(DatabridgePools.class);

	private DatabridgePools() {
	}

	/**
	 * Builds and opens a pool.
	 * @param settings the validated settings
	 * @param contributions what the application's beans contribute
	 * @return the open pool (or, in lazy startup mode, the pool that opens on first use)
	 */
	static DatabridgeConnectionPool open(DatabridgeSettings settings, PoolContributions contributions) {
		DriverConnectionFactory driver = driver(settings.connection(), settings.queryTarget(), settings, contributions);
		List<PoolListener> listeners = new ArrayList<>(contributions.poolListeners());
		listeners.addAll(madeListeners(settings.pool().name(), contributions));
		DatabridgeConnectionPool.Builder builder = DatabridgeConnectionPool.builder(driver.factory(), settings.pool())
			.listeners(withDriverListener(listeners, driver))
			.instrumentation(new QueryInstrumentation(settings.queryTarget(), contributions.queryListeners()))
			.writableOnly(writableOnly(settings.connection()));
		addReplicas(builder, settings, contributions);
		DatabridgeConnectionPool pool = builder.build();
		DatabridgeSettings.Startup startup = settings.startup();
		try {
			PoolStartup.start(pool, settings.connection().target(), startup.mode(), startup.timeout());
			if (startup.mode() != StartupMode.LAZY && !throughPooler(settings, driver)) {
				ServerCapacityCheck.run(pool, settings);
			}
		}
		catch (RuntimeException ex) {
			pool.disposeNow();
			throw ex;
		}
		return pool;
	}

	/**
	 * Builds the pools of the read replicas and adds them to the primary's. They open
	 * their connections when read-only transactions first ask for them, so that a replica
	 * that is down does not stop the application. A replica's pool events go to the
	 * listeners the {@link io.databridge.pool.PoolListenerFactory} beans make for it; its
	 * statements are reported to the query listeners under its own pool name and server.
	 */
	private static void addReplicas(DatabridgeConnectionPool.Builder primary, DatabridgeSettings settings,
			PoolContributions contributions) {
		for (DatabridgeSettings.Replica replica : settings.replicas()) {
			String name = replica.pool().name();
			DriverConnectionFactory driver = driver(replica.connection(), replica.queryTarget(), settings,
					contributions);
			primary.readReplica(DatabridgeConnectionPool.builder(driver.factory(), replica.pool())
				.listeners(withDriverListener(madeListeners(name, contributions), driver))
				.instrumentation(new QueryInstrumentation(replica.queryTarget(), contributions.queryListeners()))
				.build(), replica.maxLag());
			logger.info("[" + name + "] Read replica " + replica.connection().describe() + "; pool "
					+ replica.pool().describe() + "; read-only transactions run on it"
					+ ((replica.maxLag() != null) ? " while it lags at most " + replica.maxLag() : ""));
		}
	}

	private static DriverConnectionFactory driver(ConnectionSettings connection, QueryTarget target,
			DatabridgeSettings settings, PoolContributions contributions) {
		return DriverConnectionFactory.create(connection, target.poolName(), contributions.driverCustomizers(),
				contributions.sslBundles(),
				suppliedPassword(connection, target, settings, contributions.passwordSupplier()));
	}

	/**
	 * Returns the listeners the {@link io.databridge.pool.PoolListenerFactory} beans make
	 * for the named pool.
	 */
	private static List<PoolListener> madeListeners(String poolName, PoolContributions contributions) {
		return contributions.poolListenerFactories()
			.stream()
			.map((listenerFactory) -> listenerFactory.create(poolName))
			.toList();
	}

	private static List<PoolListener> withDriverListener(List<PoolListener> listeners, DriverConnectionFactory driver) {
		PoolListener driverListener = driver.listener();
		if (driverListener == null) {
			return listeners;
		}
		List<PoolListener> all = new ArrayList<>(listeners);
		all.add(driverListener);
		return all;
	}

	private static @Nullable CachedPassword suppliedPassword(ConnectionSettings connection, QueryTarget target,
			DatabridgeSettings settings, @Nullable DatabridgePasswordSupplier supplier) {
		if (supplier == null) {
			return null;
		}
		String name = target.poolName();
		Duration lifetime = supplier.lifetime();
		if (lifetime != null && settings.pool().maxLifetime().compareTo(lifetime) > 0) {
			String maxLifetime = settings.property("pool.max-lifetime");
			logger.warn("[" + name + "] " + maxLifetime + " (" + settings.pool().maxLifetime()
					+ ") is longer than a supplied password lives (" + lifetime + "); where the server ends the "
					+ "sessions of an expired credential, connections will be closed under the application. Set "
					+ maxLifetime + " below " + lifetime);
		}
		logger.info("[" + name + "] Passwords come from the DatabridgePasswordSupplier bean, reused for "
				+ settings.passwordCacheTime() + "; " + settings.property("password")
				+ " and the URL's password are not used");
		return new CachedPassword(
				supplier, new DatabridgePasswordSupplier.PasswordRequest(name, target.serverAddress(),
						target.serverPort(), connection.database(), connection.username()),
				settings.passwordCacheTime());
	}

	/**
	 * Returns whether the connections must go to a server that accepts writes: with
	 * {@code target_session_attrs} read-write or primary, the pool checks the role of a
	 * pooled connection when it validates it and when a write is refused as read-only,
	 * not only when it opened.
	 */
	private static boolean writableOnly(ConnectionSettings connection) {
		TargetSessionAttributes target = connection.targetSessionAttributes();
		return target == TargetSessionAttributes.READ_WRITE || target == TargetSessionAttributes.PRIMARY;
	}

	private static boolean throughPooler(DatabridgeSettings settings, DriverConnectionFactory driver) {
		PoolerMode mode = settings.connection().pooling().mode();
		return mode == PoolerMode.TRANSACTION || mode == PoolerMode.SESSION || driver.isUnnamedOnly();
	}

}
