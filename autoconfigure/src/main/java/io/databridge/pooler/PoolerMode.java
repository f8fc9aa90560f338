package io.databridge.pooler;

import io.databridge.url.SettingValue;

/**
 * How the connections of a pool reach PostgreSQL: directly, or through a pooler that may
 * give one client connection different server connections over time.
 *
 * @author Databridge team
 */
public enum PoolerMode {

	/**
	 * Recognise the pooler from the URL (Neon's {@code -pooler} hosts, Supabase's pooler
	 * hosts and port 6543); when the URL tells nothing, probe at the first connection
	 * whether two client connections share one server connection.
	 */
	AUTO,

	/**
	 * A direct connection to PostgreSQL.
	 */
	NONE,

	/**
	 * A pooler in session mode: each client connection keeps one server connection until
	 * it closes, so it behaves like a direct one.
	 */
	SESSION,

	/**
	 * A pooler in transaction mode (PgBouncer's {@code pool_mode = transaction}, Neon's
	 * {@code -pooler} endpoints, Supabase on port 6543): each transaction, and each
	 * statement outside one, may run on another server connection. Statements are
	 * unnamed, and no session setting is sent when a connection opens.
	 */
	TRANSACTION;

	/**
	 * Returns the name used in properties and messages, such as {@code transaction}.
	 * @return the name
	 */
	public String value() {
		return SettingValue.of(this);
	}

}
