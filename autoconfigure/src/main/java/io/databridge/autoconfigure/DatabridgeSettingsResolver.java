package io.databridge.autoconfigure;

import java.time.Duration;

import io.databridge.connection.ConnectionSettings;
import io.databridge.pool.PoolSettings;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@link DatabridgeProperties} and the {@link DatabridgeConnectionDetails} into the
 * validated {@link DatabridgeSettings} a pool is built from: the one place where
 * configuration is checked. Every mistake becomes an
 * {@link InvalidDatabridgePropertyException} naming the property, and needs neither a
 * Spring context nor a database to be found.
 * <p>
 * The connection ({@link ConnectionSettingsResolver}) and the pool
 * ({@link PoolSettingsResolver}) each have a resolver of their own, called from here
 * only; the startup, health and slow-query settings are checked here.
 *
 * @author Databridge team
 */
final class DatabridgeSettingsResolver {

	private final DatabridgeProperties properties;

	private final @Nullable String applicationName;

	/**
	 * Creates a resolver.
	 * @param properties the bound properties
	 * @param applicationName the value of spring.application.name, or {@code null}
	 */
	DatabridgeSettingsResolver(DatabridgeProperties properties, @Nullable String applicationName) {
		this.properties = properties;
		this.applicationName = applicationName;
	}

	DatabridgeSettings resolve(DatabridgeConnectionDetails details) {
		ConnectionSettings connection = new ConnectionSettingsResolver(this.properties, this.applicationName)
			.resolve(details);
		PoolSettings pool = PoolSettingsResolver.resolve(this.properties, connection.statementTimeout());
		return new DatabridgeSettings(connection, pool, startup(), health(), slowQueryThreshold(),
				PropertyChecks.requireNotNegative("databridge.credentials.cache-time",
						this.properties.getCredentials().getCacheTime(), "1m (the default)"));
	}

	private DatabridgeSettings.Startup startup() {
		DatabridgeProperties.Startup startup = this.properties.getStartup();
		return new DatabridgeSettings.Startup(startup.getMode(),
				PropertyChecks.requirePositive("databridge.startup.timeout", startup.getTimeout(), "60s"),
				startup.getCapacityCheck());
	}

	private DatabridgeSettings.Health health() {
		DatabridgeProperties.Health health = this.properties.getHealth();
		PropertyChecks.requirePositive("databridge.health.timeout", health.getTimeout(), "2s");
		PropertyChecks.requireNotNegative("databridge.health.cache-time", health.getCacheTime(), "1s (the default)");
		return new DatabridgeSettings.Health(health.getMode(), health.getTimeout(), health.getCacheTime());
	}

	private @Nullable Duration slowQueryThreshold() {
		Duration threshold = this.properties.getObservability().getSlowQueryThreshold();
		return (threshold != null)
				? PropertyChecks.requirePositive("databridge.observability.slow-query-threshold", threshold, "500ms")
				: null;
	}

}
