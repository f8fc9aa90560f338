package io.databridge.pool;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Sizing, timing and safety settings of a connection pool, following SQLAlchemy's
 * {@code pool_size} and {@code max_overflow}: {@code size} connections are kept, up to
 * {@code size + maxOverflow} exist under load, and the overflow ones are closed once idle
 * for {@code idleTimeout}.
 *
 * @param name the pool name, used in log lines and metric tags
 * @param size the number of connections kept open
 * @param maxOverflow the number of extra connections allowed under load
 * @param acquireTimeout the maximum wait for a connection
 * @param idleTimeout the idle time after which an overflow connection is closed
 * @param maxLifetime the maximum lifetime of any connection
 * @param maxPending the most callers that may wait for a connection at once, or
 * {@code -1} for no limit
 * @param validation when a connection is pinged before it is handed out
 * @param validationInterval the idle time after which a connection is pinged, in
 * {@link ValidationMode#IDLE} mode
 * @param leakDetectionThreshold the time a connection may be held before a possible leak
 * is logged, or {@code null} not to watch for leaks
 * @param shutdownTimeout the time in-flight work is given to return its connections when
 * the pool is closed
 * @param replyTimeout the time a statement may wait for the server before its connection
 * is presumed dead and closed, or {@code null} to wait as long as it takes
 * @param drainTimeout the time a connection given back while a statement it ran is still
 * being read to its end (its caller stopped reading early) may take to finish before it
 * is closed instead of pooled again
 * @author Databridge team
 */
public record PoolSettings(String name, int size, int maxOverflow, Duration acquireTimeout, Duration idleTimeout,
		Duration maxLifetime, int maxPending, ValidationMode validation, Duration validationInterval,
		@Nullable Duration leakDetectionThreshold, Duration shutdownTimeout, @Nullable Duration replyTimeout,
		Duration drainTimeout) {

	/**
	 * Share of {@link #maxLifetime()} by which a connection may be retired early, so that
	 * connections opened together do not expire together.
	 */
	public static final double LIFETIME_VARIANCE_PERCENT = 10;

	/**
	 * Longest a ping may take before the connection counts as dead.
	 */
	static final Duration MAX_VALIDATION_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Returns the settings of a pool like this one under another name, size and acquire
	 * timeout, such as a read replica's.
	 * @param name the pool's name
	 * @param size the connections kept open
	 * @param acquireTimeout how long a caller waits for a connection
	 * @return the settings
	 */
	public PoolSettings derive(String name, int size, Duration acquireTimeout) {
		return new PoolSettings(name, size, this.maxOverflow, acquireTimeout, this.idleTimeout, this.maxLifetime,
				this.maxPending, this.validation, this.validationInterval, this.leakDetectionThreshold,
				this.shutdownTimeout, this.replyTimeout, this.drainTimeout);
	}

	/**
	 * Returns the most connections the pool opens at once.
	 * @return {@code size + maxOverflow}
	 */
	public int maxSize() {
		return this.size + this.maxOverflow;
	}

	/**
	 * Returns how long a ping may take before the connection counts as dead: the acquire
	 * timeout, but no more than 5 seconds.
	 * @return the validation timeout
	 */
	public Duration validationTimeout() {
		return (this.acquireTimeout.compareTo(MAX_VALIDATION_TIMEOUT) < 0) ? this.acquireTimeout
				: MAX_VALIDATION_TIMEOUT;
	}

	/**
	 * Describes these settings on one line.
	 * @return the description
	 */
	public String describe() {
		return "size=" + this.size + " max-overflow=" + this.maxOverflow + " acquire-timeout=" + this.acquireTimeout
				+ " idle-timeout=" + this.idleTimeout + " max-lifetime=" + this.maxLifetime + " max-pending="
				+ this.maxPending + " validation=" + this.validation.name().toLowerCase()
				+ ((this.validation == ValidationMode.IDLE) ? " validation-interval=" + this.validationInterval : "")
				+ ((this.leakDetectionThreshold != null) ? " leak-detection-threshold=" + this.leakDetectionThreshold
						: "")
				+ " drain-timeout=" + this.drainTimeout;
	}

}
