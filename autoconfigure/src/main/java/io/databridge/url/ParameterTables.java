package io.databridge.url;

import java.util.EnumMap;
import java.util.Map;

/**
 * The query parameters of each dialect, named as the dialect's own driver names them.
 *
 * @author Databridge team
 */
final class ParameterTables {

	private ParameterTables() {
	}

	/**
	 * Creates the tables of all dialects.
	 * @return the table of each dialect
	 */
	static Map<Dialect, ParameterTable> create() {
		Map<Dialect, ParameterTable> tables = new EnumMap<>(Dialect.class);
		tables.put(Dialect.LIBPQ, libpq(new ParameterTable("libpq (postgresql://)")));
		tables.put(Dialect.SQLALCHEMY, sqlAlchemy(libpq(new ParameterTable("SQLAlchemy (postgresql+driver://)"))));
		tables.put(Dialect.JDBC, jdbc(new ParameterTable("JDBC (jdbc:postgresql://)")));
		tables.put(Dialect.R2DBC, r2dbc(new ParameterTable("R2DBC (r2dbc:postgresql://)")));
		return tables;
	}

	private static ParameterTable libpq(ParameterTable table) {
		return libpqShared(table).add("host", (url, name, value) -> url.hostNames = ParameterValues.hostNames(value))
			.add("port", (url, name, value) -> url.ports = ParameterValues.list(value))
			.add("dbname", (url, name, value) -> url.database = value)
			.add("application_name", (url, name, value) -> url.applicationName = value)
			.add("connect_timeout", (url, name, value) -> url.connectTimeout = ParameterValues.seconds(name, value))
			.add("target_session_attrs",
					(url, name,
							value) -> url.targetSessionAttributes = ParameterValues.targetSessionAttributes(name,
									value))
			.add("channel_binding",
					(url, name, value) -> url.channelBinding = ParameterValues.channelBinding(name, value));
	}

	/**
	 * Adds the parameters libpq and pgjdbc spell alike: credentials, TLS and libpq-style
	 * server options.
	 * @param table the table to add to
	 * @return the table
	 */
	private static ParameterTable libpqShared(ParameterTable table) {
		return table.add("user", (url, name, value) -> url.username = value)
			.add("password", (url, name, value) -> url.password = value)
			.add("sslmode", (url, name, value) -> url.sslMode = ParameterValues.sslMode(name, value))
			.add("sslrootcert", (url, name, value) -> url.sslRootCert = value)
			.add("sslcert", (url, name, value) -> url.sslCert = value)
			.add("sslkey", (url, name, value) -> url.sslKey = value)
			.add("sslpassword", (url, name, value) -> url.sslPassword = value)
			.add("options", ParameterTables::libpqOptions);
	}

	private static void libpqOptions(DatabaseUrlBuilder url, String name, String value) {
		url.options = ServerOptions.parseLibpq(name, value);
		url.endpoint = ServerOptions.neonEndpoint(name, value);
	}

	private static ParameterTable sqlAlchemy(ParameterTable table) {
		table.add("ssl", (url, name, value) -> url.sslModeFromFlag = ParameterValues.asyncpgSsl(name, value))
			.add("prepared_statement_cache_size",
					(url, name, value) -> url.statementCacheSize = ParameterValues.statementCacheSize(name, value));
		for (String setting : new String[] { "prepared_statement_name_func", "async_fallback", "executemany_mode",
				"executemany_batch_page_size", "executemany_values_page_size", "insertmanyvalues_page_size",
				"use_native_hstore", "use_native_unicode" }) {
			table.reject(setting, UrlProblems::sqlAlchemySetting);
		}
		return table;
	}

	private static ParameterTable jdbc(ParameterTable table) {
		return libpqShared(table)
			.add("ssl", (url, name, value) -> url.sslModeFromFlag = ParameterValues.jdbcSsl(name, value))
			.add("ApplicationName", (url, name, value) -> url.applicationName = value)
			.add("connectTimeout", (url, name, value) -> url.connectTimeout = ParameterValues.seconds(name, value))
			.add("currentSchema", (url, name, value) -> url.schema = value)
			.add("targetServerType",
					(url, name, value) -> url.targetSessionAttributes = ParameterValues.targetServerType(name, value))
			.add("channelBinding",
					(url, name, value) -> url.channelBinding = ParameterValues.channelBinding(name, value))
			.add("preparedStatementCacheQueries",
					(url, name, value) -> url.statementCacheSize = ParameterValues.statementCacheSize(name, value))
			.add("prepareThreshold", (url, name, value) -> {
				if (ParameterValues.prepareThreshold(name, value) <= 0) {
					url.statementCacheSize = 0;
				}
			});
	}

	private static ParameterTable r2dbc(ParameterTable table) {
		table.add("sslMode", (url, name, value) -> url.sslMode = ParameterValues.sslMode(name, value))
			.add("sslmode", "sslMode", (url, name, value) -> url.sslMode = ParameterValues.sslMode(name, value))
			.add("sslRootCert", (url, name, value) -> url.sslRootCert = value)
			.add("sslCert", (url, name, value) -> url.sslCert = value)
			.add("sslKey", (url, name, value) -> url.sslKey = value)
			.add("sslPassword", (url, name, value) -> url.sslPassword = value)
			.add("applicationName", (url, name, value) -> url.applicationName = value)
			.add("connectTimeout", (url, name, value) -> url.connectTimeout = ParameterValues.duration(name, value))
			.add("statementTimeout", (url, name, value) -> url.statementTimeout = ParameterValues.duration(name, value))
			.add("schema", (url, name, value) -> url.schema = value)
			.add("currentSchema", "schema", (url, name, value) -> url.schema = value)
			.add("options", (url, name, value) -> url.options = ServerOptions.parsePairs(name, value))
			.add("targetServerType",
					(url, name, value) -> url.targetSessionAttributes = ParameterValues.targetServerType(name, value))
			.add("preparedStatementCacheQueries",
					(url, name, value) -> url.statementCacheSize = ParameterValues.statementCacheSize(name, value));
		return rejectPoolSettings(table);
	}

	private static ParameterTable rejectPoolSettings(ParameterTable table) {
		Map<String, String> properties = Map.of("initialSize", "databridge.pool.size", "minIdle",
				"databridge.pool.size", "maxSize", "databridge.pool.size and databridge.pool.max-overflow",
				"maxIdleTime", "databridge.pool.idle-timeout", "maxLifeTime", "databridge.pool.max-lifetime",
				"maxAcquireTime", "databridge.pool.acquire-timeout", "poolName", "databridge.pool.name");
		for (String setting : new String[] { "initialSize", "maxSize", "maxIdleTime", "maxLifeTime", "maxAcquireTime",
				"maxCreateConnectionTime", "validationQuery", "validationDepth", "minIdle", "acquireRetry", "poolName",
				"maxValidationTime", "backgroundEvictionInterval", "registerJmx" }) {
			table.reject(setting, (name) -> UrlProblems.poolSetting(name, properties.get(name)));
		}
		return table;
	}

}
