package io.databridge.pool;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a {@link DatabridgeConnectionPool}, read without touching the server.
 *
 * @param name the pool name
 * @param active connections handed out and not yet given back
 * @param idle connections open and waiting in the pool
 * @param pending callers waiting for a connection
 * @param max the most connections the pool opens ({@code size + max-overflow})
 * @param min the connections the pool keeps open ({@code size})
 * @param lastFailure the last failure to open a connection, if no connection has opened
 * since, or {@code null}
 * @param closed whether the pool has been closed
 * @author Databridge team
 */
public record PoolState(String name, int active, int idle, int pending, int max, int min,
		@Nullable ConnectionFailure lastFailure, boolean closed) {

	/**
	 * Returns the connections open to the server.
	 * @return {@code active + idle}
	 */
	public int open() {
		return this.active + this.idle;
	}

}
