package io.databridge.pool;

/**
 * Told of what happens in a {@link DatabridgeConnectionPool}: acquisitions, releases,
 * connections opened and closed. Called on the pool's threads, so implementations must be
 * quick and must not block. Every method does nothing by default.
 *
 * @author Databridge team
 */
public interface PoolListener {

	/**
	 * Called when a caller got a connection.
	 * @param waitNanos how long the caller waited
	 */
	default void connectionAcquired(long waitNanos) {
	}

	/**
	 * Called when a caller did not get a connection.
	 * @param waitNanos how long the caller waited
	 * @param error why, such as an {@link io.r2dbc.spi.R2dbcTimeoutException} when the
	 * acquire timeout passed
	 */
	default void acquireFailed(long waitNanos, Throwable error) {
	}

	/**
	 * Called when a caller gave a connection back.
	 * @param usageNanos how long the caller held it
	 */
	default void connectionReleased(long usageNanos) {
	}

	/**
	 * Called when the pool opened a new connection to the server.
	 * @param creationNanos how long opening it took
	 */
	default void connectionCreated(long creationNanos) {
	}

	/**
	 * Called when the pool failed to open a new connection to the server.
	 * @param creationNanos how long the attempt took
	 * @param error why
	 */
	default void connectionCreationFailed(long creationNanos, Throwable error) {
	}

	/**
	 * Called when the pool decided to close a connection.
	 * @param reason why
	 */
	default void connectionEvicted(EvictionReason reason) {
	}

	/**
	 * Called when a connection has been held past the leak detection threshold.
	 */
	default void leakSuspected() {
	}

	/**
	 * Called when the server refused or misread a statement by the name the driver had
	 * prepared it under, the sign of a transaction pooler that moved the connection to
	 * another server connection. The pool retires its connections when this returns.
	 * @param error the server's error
	 */
	default void namedStatementsConflicted(Throwable error) {
	}

}
