package io.databridge.query;

/**
 * The database a pool's statements run against, as tracing and metrics name it.
 *
 * @param poolName the name of the pool
 * @param database the database name ({@code db.namespace})
 * @param serverAddress the host, or the Unix socket directory, of the first server
 * ({@code server.address})
 * @param serverPort the port of the first server ({@code server.port})
 * @author Databridge team
 */
public record QueryTarget(String poolName, String database, String serverAddress, int serverPort) {

	/**
	 * The target of statements run outside any named pool, such as those of a pool built
	 * without instrumentation.
	 */
	public static final QueryTarget UNNAMED = new QueryTarget("unnamed", "", "", 0);

}
