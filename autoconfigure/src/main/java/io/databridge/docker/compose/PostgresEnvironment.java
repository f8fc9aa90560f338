package io.databridge.docker.compose;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The database, user and password of a PostgreSQL Docker Compose service, read from the
 * environment variables of the official {@code postgres} image ({@code POSTGRES_USER},
 * {@code POSTGRES_PASSWORD}, {@code POSTGRES_DB}, {@code POSTGRES_HOST_AUTH_METHOD}) or
 * their {@code POSTGRESQL_*} spellings, with the image's defaults.
 *
 * @author Databridge team
 */
final class PostgresEnvironment {

	private static final String[] USERNAME_KEYS = { "POSTGRES_USER", "POSTGRESQL_USER", "POSTGRESQL_USERNAME" };

	private static final String[] PASSWORD_KEYS = { "POSTGRES_PASSWORD", "POSTGRESQL_PASSWORD" };

	private static final String[] DATABASE_KEYS = { "POSTGRES_DB", "POSTGRESQL_DB", "POSTGRESQL_DATABASE" };

	private static final String DEFAULT_USERNAME = "postgres";

	private final String username;

	private final @Nullable String password;

	private final String database;

	/**
	 * Reads the settings of a service.
	 * @param serviceName the service's name, for messages
	 * @param env the service's environment
	 * @throws IllegalStateException if the service sets no password and does not allow
	 * logins without one
	 */
	PostgresEnvironment(String serviceName, Map<String, @Nullable String> env) {
		String username = first(env, USERNAME_KEYS);
		this.username = (username != null) ? username : DEFAULT_USERNAME;
		this.password = password(serviceName, env);
		String database = first(env, DATABASE_KEYS);
		this.database = (database != null) ? database : this.username;
	}

	private static @Nullable String password(String serviceName, Map<String, @Nullable String> env) {
		if ("trust".equals(env.get("POSTGRES_HOST_AUTH_METHOD"))) {
			return null;
		}
		String password = first(env, PASSWORD_KEYS);
		if (password == null || password.isEmpty()) {
			if (env.containsKey("ALLOW_EMPTY_PASSWORD")) {
				return null;
			}
			throw new IllegalStateException("Docker Compose service '" + serviceName
					+ "' sets no PostgreSQL password: set POSTGRES_PASSWORD in its environment, "
					+ "or POSTGRES_HOST_AUTH_METHOD=trust to log in without one");
		}
		return password;
	}

	private static @Nullable String first(Map<String, @Nullable String> env, String[] keys) {
		for (String key : keys) {
			String value = env.get(key);
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	String username() {
		return this.username;
	}

	@Nullable String password() {
		return this.password;
	}

	String database() {
		return this.database;
	}

}
