package io.databridge.health;

/**
 * How the health indicator decides whether the database is up.
 *
 * @author Databridge team
 */
public enum HealthCheckMode {

	/**
	 * Run a query through a pooled connection, bounded by the health timeout.
	 */
	QUERY,

	/**
	 * Read the pool's state without opening a connection or running a query, so that
	 * health probes never keep a database that scales to zero awake. Down when the last
	 * attempt to open a connection failed and none is open.
	 */
	POOL

}
