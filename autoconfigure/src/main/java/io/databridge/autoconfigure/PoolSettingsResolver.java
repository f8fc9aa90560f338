package io.databridge.autoconfigure;

import java.time.Duration;

import io.databridge.pool.PoolSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Checks a database's {@code pool.*} properties and turns them into {@link PoolSettings};
 * every mistake becomes an {@link InvalidDatabridgePropertyException}. Part of
 * {@link DatabridgeSettingsResolver}.
 *
 * @author Databridge team
 */
final class PoolSettingsResolver {

	/**
	 * Time past the statement timeout after which a statement's connection is presumed
	 * dead: the server should have cancelled the statement and said so by then.
	 */
	static final Duration REPLY_GRACE = Duration.ofSeconds(1);

	private final DatabaseProperties properties;

	private final String prefix;

	private final String name;

	/**
	 * Creates a resolver.
	 * @param properties the database's properties
	 * @param prefix the prefix of its properties, which failures name
	 * @param name the pool's name
	 */
	PoolSettingsResolver(DatabaseProperties properties, String prefix, String name) {
		this.properties = properties;
		this.prefix = prefix;
		this.name = name;
	}

	PoolSettings resolve(@Nullable Duration statementTimeout) {
		DatabaseProperties.Pool pool = this.properties.getPool();
		if (!StringUtils.hasText(this.name)) {
			throw new InvalidDatabridgePropertyException(property("pool.name"), this.name, "The pool name is blank.",
					"Set " + property("pool.name") + " to a short name such as 'orders', or remove it.");
		}
		PropertyChecks.requireNotNegative(property("pool.size"), pool.getSize(), "10");
		PropertyChecks.requireNotNegative(property("pool.max-overflow"), pool.getMaxOverflow(), "10");
		if (pool.getSize() + pool.getMaxOverflow() < 1) {
			throw new InvalidDatabridgePropertyException(property("pool.size"), pool.getSize(),
					"The pool could never open a connection: " + property("pool.size") + " and "
							+ property("pool.max-overflow") + " are both 0.",
					"Set " + property("pool.size") + " to 1 or more (default 10).");
		}
		PropertyChecks.requirePositive(property("pool.acquire-timeout"), pool.getAcquireTimeout(), "30s");
		PropertyChecks.requirePositive(property("pool.idle-timeout"), pool.getIdleTimeout(), "10m");
		PropertyChecks.requirePositive(property("pool.max-lifetime"), pool.getMaxLifetime(), "30m");
		if (pool.getMaxPending() < -1) {
			throw new InvalidDatabridgePropertyException(property("pool.max-pending"), pool.getMaxPending(),
					"The value must be -1 (no limit), 0 (never wait) or a positive limit.",
					"Set " + property("pool.max-pending")
							+ " to the most callers that may wait for a connection (default 1000).");
		}
		PropertyChecks.requireNotNegative(property("pool.validation-interval"), pool.getValidationInterval(), "1s");
		Duration leakDetectionThreshold = pool.getLeakDetectionThreshold();
		if (leakDetectionThreshold != null) {
			PropertyChecks.requirePositive(property("pool.leak-detection-threshold"), leakDetectionThreshold, "unset");
		}
		PropertyChecks.requirePositive(property("pool.drain-timeout"), pool.getDrainTimeout(), "1s");
		Duration shutdownTimeout = this.properties.getShutdown().getTimeout();
		PropertyChecks.requireNotNegative(property("shutdown.timeout"), shutdownTimeout, "10s");
		return new PoolSettings(this.name, pool.getSize(), pool.getMaxOverflow(), pool.getAcquireTimeout(),
				pool.getIdleTimeout(), pool.getMaxLifetime(), pool.getMaxPending(), pool.getValidation(),
				pool.getValidationInterval(), leakDetectionThreshold, shutdownTimeout,
				(statementTimeout != null) ? statementTimeout.plus(REPLY_GRACE) : null, pool.getDrainTimeout());
	}

	private String property(String key) {
		return this.prefix + "." + key;
	}

}
