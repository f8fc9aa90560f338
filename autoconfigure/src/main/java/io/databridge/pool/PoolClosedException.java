package io.databridge.pool;

import io.databridge.error.ClassifiedFailure;
import io.databridge.error.ErrorKind;
import io.r2dbc.spi.R2dbcNonTransientResourceException;

/**
 * Thrown when a connection is asked for after the pool began to shut down.
 *
 * @author Databridge team
 */
public class PoolClosedException extends R2dbcNonTransientResourceException implements ClassifiedFailure {

	/**
	 * Creates an exception for a connection asked for after the shutdown began.
	 * @param poolName the pool name
	 */
	public PoolClosedException(String poolName) {
		super(message(poolName));
	}

	/**
	 * Creates an exception.
	 * @param poolName the pool name
	 * @param cause the pool's own rejection
	 */
	public PoolClosedException(String poolName, Throwable cause) {
		super(message(poolName), cause);
	}

	private static String message(String poolName) {
		return "[" + poolName + "] The connection pool is shut down and hands out no more connections";
	}

	@Override
	public ErrorKind kind() {
		return ErrorKind.POOL_CLOSED;
	}

}
