package io.databridge.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.databridge.connection.ConnectionSettings;
import io.databridge.pool.PoolSettings;
import io.databridge.url.DatabaseUrl;
import io.databridge.url.DatabaseUrlParser;
import io.databridge.url.InvalidDatabaseUrlException;
import io.databridge.url.UrlMasker;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Turns {@link DatabridgeProperties} and the {@link DatabridgeConnectionDetails} into the
 * validated {@link DatabridgeSettings} a pool is built from, for the primary database or
 * for one under {@code databridge.databases}: the one place where configuration is
 * checked. Every mistake becomes an {@link InvalidDatabridgePropertyException} naming the
 * property, and needs neither a Spring context nor a database to be found.
 * <p>
 * The connection ({@link ConnectionSettingsResolver}) and the pool
 * ({@link PoolSettingsResolver}) each have a resolver of their own, called from here
 * only; the startup, health and slow-query settings are checked here.
 *
 * @author Databridge team
 */
final class DatabridgeSettingsResolver {

	/**
	 * The prefix of the primary database's properties.
	 */
	static final String PRIMARY_PREFIX = "databridge";

	/**
	 * The prefix of the named databases' properties, before the name.
	 */
	static final String DATABASES_PREFIX = "databridge.databases.";

	private final DatabridgeProperties root;

	private final DatabaseProperties properties;

	private final String prefix;

	private final String poolName;

	private final @Nullable String applicationName;

	/**
	 * Creates a resolver of the primary database's settings, {@code databridge.*}.
	 * @param properties the bound properties
	 * @param applicationName the value of spring.application.name, or {@code null}
	 */
	DatabridgeSettingsResolver(DatabridgeProperties properties, @Nullable String applicationName) {
		this(properties, properties, PRIMARY_PREFIX, "databridge", applicationName);
	}

	private DatabridgeSettingsResolver(DatabridgeProperties root, DatabaseProperties properties, String prefix,
			String defaultPoolName, @Nullable String applicationName) {
		this.root = root;
		this.properties = properties;
		this.prefix = prefix;
		String poolName = properties.getPool().getName();
		this.poolName = (poolName != null) ? poolName : defaultPoolName;
		this.applicationName = applicationName;
	}

	/**
	 * Creates a resolver of a named database's settings,
	 * {@code databridge.databases.<name>.*}; its pool is named after it unless its
	 * {@code pool.name} says otherwise.
	 * @param root the bound properties
	 * @param name the database's name
	 * @param applicationName the value of spring.application.name, or {@code null}
	 * @return the resolver
	 */
	static DatabridgeSettingsResolver forDatabase(DatabridgeProperties root, String name,
			@Nullable String applicationName) {
		DatabaseProperties properties = root.getDatabases().get(name);
		Assert.state(properties != null, () -> "No database named '" + name + "' is configured");
		return new DatabridgeSettingsResolver(root, properties, DATABASES_PREFIX + name, name, applicationName);
	}

	DatabridgeSettings resolve(DatabridgeConnectionDetails details) {
		ConnectionSettings connection = connectionResolver().resolve(details);
		PoolSettings pool = new PoolSettingsResolver(this.properties, this.prefix, this.poolName)
			.resolve(connection.statementTimeout());
		return new DatabridgeSettings(connection, pool, startup(), health(), slowQueryThreshold(),
				PropertyChecks.requireNotNegative(property("credentials.cache-time"),
						this.properties.getCredentials().getCacheTime(), "1m (the default)"),
				replicas(connection, pool), this.prefix);
	}

	private List<DatabridgeSettings.Replica> replicas(ConnectionSettings primary, PoolSettings pool) {
		List<DatabaseProperties.Replica> replicas = this.properties.getReplicas();
		List<DatabridgeSettings.Replica> resolved = new ArrayList<>(replicas.size());
		for (int i = 0; i < replicas.size(); i++) {
			DatabaseProperties.Replica replica = replicas.get(i);
			String prefix = property("replicas") + "[" + i + "]";
			ConnectionSettings connection = replicaConnection(prefix + ".url", replica.getUrl(), primary);
			int size = (replica.getSize() != null) ? replica.getSize() : pool.size();
			if (size < 1) {
				throw new InvalidDatabridgePropertyException(prefix + ".size", size,
						"A read replica's pool needs at least one connection.",
						"Set " + prefix + ".size to 1 or more, or leave it out to use " + property("pool.size") + ".");
			}
			Duration acquireTimeout = PropertyChecks.requirePositive(prefix + ".acquire-timeout",
					replica.getAcquireTimeout(), "2s");
			Duration maxLag = (replica.getMaxLag() != null)
					? PropertyChecks.requirePositive(prefix + ".max-lag", replica.getMaxLag(), "10s") : null;
			resolved.add(new DatabridgeSettings.Replica(connection,
					pool.derive(pool.name() + "-replica-" + (i + 1), size, acquireTimeout), maxLag));
		}
		return List.copyOf(resolved);
	}

	private ConnectionSettings replicaConnection(String property, @Nullable String url, ConnectionSettings primary) {
		if (url == null || url.isBlank()) {
			throw new InvalidDatabridgePropertyException(property, url, "A read replica needs a URL.",
					"Set " + property + " to the replica's URL, in any dialect " + property("url") + " accepts.");
		}
		DatabaseUrl parsed;
		try {
			parsed = DatabaseUrlParser.parse(url);
		}
		catch (InvalidDatabaseUrlException ex) {
			throw new InvalidDatabridgePropertyException(property, ex.getMaskedUrl(), ex.getReason(), ex.getAction(),
					ex);
		}
		String username = (parsed.username() != null) ? null : primary.username();
		String password = (parsed.password() != null) ? null : primary.password();
		try {
			return connectionResolver().resolve(new ReplicaDetails(url, username, password));
		}
		catch (InvalidDatabridgePropertyException ex) {
			if (!property("url").equals(ex.getProperty())) {
				throw ex;
			}
			throw new InvalidDatabridgePropertyException(property, ex.getValue(), ex.getReason(), ex.getAction(), ex);
		}
	}

	/**
	 * Where a replica's connections go: its URL, with the primary's user and password
	 * where the URL has none.
	 */
	private static final class ReplicaDetails implements DatabridgeConnectionDetails {

		private final String url;

		private final @Nullable String username;

		private final @Nullable String password;

		ReplicaDetails(String url, @Nullable String username, @Nullable String password) {
			this.url = url;
			this.username = username;
			this.password = password;
		}

		@Override
		public String getUrl() {
			return this.url;
		}

		@Override
		public @Nullable String getUsername() {
			return this.username;
		}

		@Override
		public @Nullable String getPassword() {
			return this.password;
		}

		@Override
		public String toString() {
			return "ReplicaDetails[" + UrlMasker.mask(this.url) + "]";
		}

	}

	private ConnectionSettingsResolver connectionResolver() {
		return new ConnectionSettingsResolver(this.properties, this.prefix, this.poolName, this.applicationName);
	}

	private String property(String key) {
		return this.prefix + "." + key;
	}

	private DatabridgeSettings.Startup startup() {
		DatabaseProperties.Startup startup = this.properties.getStartup();
		return new DatabridgeSettings.Startup(startup.getMode(),
				PropertyChecks.requirePositive(property("startup.timeout"), startup.getTimeout(), "60s"),
				startup.getCapacityCheck());
	}

	private DatabridgeSettings.Health health() {
		DatabaseProperties.Health health = this.properties.getHealth();
		PropertyChecks.requirePositive(property("health.timeout"), health.getTimeout(), "2s");
		PropertyChecks.requireNotNegative(property("health.cache-time"), health.getCacheTime(), "1s (the default)");
		return new DatabridgeSettings.Health(health.getMode(), health.getTimeout(), health.getCacheTime());
	}

	private @Nullable Duration slowQueryThreshold() {
		Duration threshold = this.root.getObservability().getSlowQueryThreshold();
		return (threshold != null)
				? PropertyChecks.requirePositive("databridge.observability.slow-query-threshold", threshold, "500ms")
				: null;
	}

}
