package io.databridge.pool;

import java.time.Duration;

/**
 * Sizing and timing of a connection pool, following SQLAlchemy's {@code pool_size} and
 * {@code max_overflow}: {@code size} connections are kept, up to
 * {@code size + maxOverflow} exist under load, and the overflow ones are closed once idle
 * for {@code idleTimeout}.
 *
 * @param name the pool name, used in log lines and metric tags
 * @param size the number of connections kept open
 * @param maxOverflow the number of extra connections allowed under load
 * @param acquireTimeout the maximum wait for a connection
 * @param idleTimeout the idle time after which an overflow connection is closed
 * @param maxLifetime the maximum lifetime of any connection
 * @author Databridge team
 */
public record PoolSettings(String name, int size, int maxOverflow, Duration acquireTimeout, Duration idleTimeout,
		Duration maxLifetime) {

	/**
	 * Share of {@link #maxLifetime()} by which a connection may be retired early, so that
	 * connections opened together do not expire together.
	 */
	public static final double LIFETIME_VARIANCE_PERCENT = 10;

	/**
	 * Returns the most connections the pool opens at once.
	 * @return {@code size + maxOverflow}
	 */
	public int maxSize() {
		return this.size + this.maxOverflow;
	}

	/**
	 * Describes these settings on one line.
	 * @return the description
	 */
	public String describe() {
		return "size=" + this.size + " max-overflow=" + this.maxOverflow + " acquire-timeout=" + this.acquireTimeout
				+ " idle-timeout=" + this.idleTimeout + " max-lifetime=" + this.maxLifetime;
	}

}
