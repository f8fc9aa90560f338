package io.databridge.pool;

/**
 * Why the pool closed a connection.
 *
 * @author Databridge team
 */
public enum EvictionReason {

	/**
	 * An overflow connection was idle for the idle timeout.
	 */
	IDLE,

	/**
	 * The connection reached its maximum lifetime.
	 */
	LIFETIME,

	/**
	 * The connection failed its check before being handed out.
	 */
	VALIDATION,

	/**
	 * The connection broke while in use: a connection-level error (SQLSTATE class 08,
	 * 57P01, 57P02, 57P03, 53300), a closed socket, or no reply within the statement
	 * timeout.
	 */
	BROKEN,

	/**
	 * A statement the caller stopped reading was still running when the drain timeout ran
	 * out, so the connection could not be handed to the next caller in time.
	 */
	UNDRAINED,

	/**
	 * The pool retired every connection it had opened with settings that stopped holding:
	 * named prepared statements through a pooler that moves connections between server
	 * connections.
	 */
	RETIRED;

	/**
	 * Returns the lower-case form used as a metric tag.
	 * @return the tag value
	 */
	public String tagValue() {
		return name().toLowerCase();
	}

}
