package io.databridge.pool;

import io.databridge.error.ClassifiedFailure;
import io.databridge.error.ErrorKind;
import io.r2dbc.spi.R2dbcTransientResourceException;

/**
 * Thrown at once when a caller asks for a connection while every connection is in use and
 * as many callers as {@code databridge.pool.max-pending} allows are already waiting.
 *
 * @author Databridge team
 */
public class PendingAcquireLimitException extends R2dbcTransientResourceException implements ClassifiedFailure {

	/**
	 * Creates an exception.
	 * @param poolName the pool name
	 * @param maxPending the limit on waiting callers
	 * @param cause the pool's own rejection
	 */
	public PendingAcquireLimitException(String poolName, int maxPending, Throwable cause) {
		super("[" + poolName + "] Too many callers waiting for a connection: all connections are in use and "
				+ maxPending + " callers are already waiting (databridge.pool.max-pending)", cause);
	}

	@Override
	public ErrorKind kind() {
		return ErrorKind.POOL_EXHAUSTED;
	}

}
