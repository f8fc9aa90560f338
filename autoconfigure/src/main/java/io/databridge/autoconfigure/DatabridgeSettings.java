package io.databridge.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.databridge.connection.ConnectionSettings;
import io.databridge.health.HealthCheckMode;
import io.databridge.pool.PoolSettings;
import io.databridge.query.QueryTarget;
import io.databridge.startup.CapacityCheck;
import io.databridge.startup.StartupMode;
import io.databridge.url.HostAddress;
import org.jspecify.annotations.Nullable;

/**
 * The validated settings the Databridge pool is built from, resolved once from
 * {@link DatabridgeProperties} and the {@link DatabridgeConnectionDetails}.
 *
 * @param connection how connections are opened
 * @param pool how the pool behaves
 * @param startup how the pool is opened when the application starts
 * @param health how the health indicator checks the pool
 * @param slowQueryThreshold the duration from which a statement is logged as slow, or
 * {@code null} when slow statements are not logged
 * @param passwordCacheTime how long a password from a {@code DatabridgePasswordSupplier}
 * is reused
 * @param replicas the read replicas that read-only transactions run on
 * @param propertyPrefix the prefix of the properties these settings were read from,
 * {@code databridge} or {@code databridge.databases.<name>}, so that messages about them
 * name the key the application sets
 * @author Databridge team
 */
public record DatabridgeSettings(ConnectionSettings connection, PoolSettings pool, Startup startup, Health health,
		@Nullable Duration slowQueryThreshold, Duration passwordCacheTime, List<Replica> replicas,
		String propertyPrefix) {

	/**
	 * Returns the full name of one of these settings' properties.
	 * @param key the key below the prefix, such as {@code pool.max-lifetime}
	 * @return the property, such as
	 * {@code databridge.databases.reports.pool.max-lifetime}
	 */
	public String property(String key) {
		return this.propertyPrefix + "." + key;
	}

	/**
	 * Describes where the pool's connections go and how it behaves, without secrets, as
	 * the startup log shows it.
	 * @return one line
	 */
	public String describe() {
		return "PostgreSQL " + this.connection.describe() + "; pool " + this.pool.describe();
	}

	/**
	 * Returns the database the pool's statements run against, as metrics and tracing name
	 * it: the first host, or the Unix socket directory.
	 * @return the target
	 */
	public QueryTarget queryTarget() {
		return queryTarget(this.pool, this.connection);
	}

	private static QueryTarget queryTarget(PoolSettings pool, ConnectionSettings connection) {
		String address;
		int port;
		if (connection.unixSocket() != null || connection.hosts().isEmpty()) {
			address = String.valueOf(connection.unixSocket());
			port = connection.hosts().isEmpty() ? HostAddress.DEFAULT_PORT : connection.hosts().get(0).port();
		}
		else {
			HostAddress first = connection.hosts().get(0);
			address = first.host();
			port = first.port();
		}
		return new QueryTarget(pool.name(), connection.database(), address, port);
	}

	/**
	 * A read replica: where its connections go, and its pool.
	 *
	 * @param connection how its connections are opened
	 * @param pool its pool
	 * @param maxLag the most it may lag behind the primary and still serve reads, or
	 * {@code null} when its lag is not measured
	 */
	public record Replica(ConnectionSettings connection, PoolSettings pool, @Nullable Duration maxLag) {

		/**
		 * Returns the database the replica's statements run against, under the replica's
		 * pool name.
		 * @return the target
		 */
		public QueryTarget queryTarget() {
			return DatabridgeSettings.queryTarget(this.pool, this.connection);
		}

	}

	/**
	 * How the pool is opened when the application starts.
	 *
	 * @param mode fail fast, wait for the database, or open nothing
	 * @param timeout how long {@link StartupMode#WAIT} keeps trying
	 * @param capacityCheck what to do when the server has no room for the pool's maximum
	 */
	public record Startup(StartupMode mode, Duration timeout, CapacityCheck capacityCheck) {

	}

	/**
	 * How the health indicator checks the pool.
	 *
	 * @param mode a query through the pool, or the pool's state alone
	 * @param timeout the time after which a check reports DOWN
	 * @param cacheTime the time a result is reused
	 */
	public record Health(HealthCheckMode mode, Duration timeout, Duration cacheTime) {

	}

	@Override
	public String toString() {
		return "DatabridgeSettings[" + describe() + "]";
	}

}
