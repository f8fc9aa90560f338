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
	LIFETIME;

	/**
	 * Returns the lower-case form used as a metric tag.
	 * @return the tag value
	 */
	public String tagValue() {
		return name().toLowerCase();
	}

}
