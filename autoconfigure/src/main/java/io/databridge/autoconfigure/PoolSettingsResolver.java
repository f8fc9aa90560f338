package io.databridge.autoconfigure;

import java.time.Duration;

import io.databridge.pool.PoolSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Checks {@code databridge.pool.*} and turns it into {@link PoolSettings}; every mistake
 * becomes an {@link InvalidDatabridgePropertyException}. Part of
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

	private PoolSettingsResolver() {
	}

	static PoolSettings resolve(DatabridgeProperties properties, @Nullable Duration statementTimeout) {
		DatabridgeProperties.Pool pool = properties.getPool();
		if (!StringUtils.hasText(pool.getName())) {
			throw new InvalidDatabridgePropertyException("databridge.pool.name", pool.getName(),
					"The pool name is blank.",
					"Set databridge.pool.name to a short name such as 'orders', or remove it.");
		}
		PropertyChecks.requireNotNegative("databridge.pool.size", pool.getSize(), "10");
		PropertyChecks.requireNotNegative("databridge.pool.max-overflow", pool.getMaxOverflow(), "10");
		if (pool.getSize() + pool.getMaxOverflow() < 1) {
			throw new InvalidDatabridgePropertyException("databridge.pool.size", pool.getSize(),
					"The pool could never open a connection: databridge.pool.size and "
							+ "databridge.pool.max-overflow are both 0.",
					"Set databridge.pool.size to 1 or more (default 10).");
		}
		PropertyChecks.requirePositive("databridge.pool.acquire-timeout", pool.getAcquireTimeout(), "30s");
		PropertyChecks.requirePositive("databridge.pool.idle-timeout", pool.getIdleTimeout(), "10m");
		PropertyChecks.requirePositive("databridge.pool.max-lifetime", pool.getMaxLifetime(), "30m");
		if (pool.getMaxPending() < -1) {
			throw new InvalidDatabridgePropertyException("databridge.pool.max-pending", pool.getMaxPending(),
					"The value must be -1 (no limit), 0 (never wait) or a positive limit.",
					"Set databridge.pool.max-pending to the most callers that may wait for a connection (default 1000).");
		}
		PropertyChecks.requireNotNegative("databridge.pool.validation-interval", pool.getValidationInterval(), "1s");
		Duration leakDetectionThreshold = pool.getLeakDetectionThreshold();
		if (leakDetectionThreshold != null) {
			PropertyChecks.requirePositive("databridge.pool.leak-detection-threshold", leakDetectionThreshold, "unset");
		}
		PropertyChecks.requirePositive("databridge.pool.drain-timeout", pool.getDrainTimeout(), "1s");
		Duration shutdownTimeout = properties.getShutdown().getTimeout();
		PropertyChecks.requireNotNegative("databridge.shutdown.timeout", shutdownTimeout, "10s");
		return new PoolSettings(pool.getName(), pool.getSize(), pool.getMaxOverflow(), pool.getAcquireTimeout(),
				pool.getIdleTimeout(), pool.getMaxLifetime(), pool.getMaxPending(), pool.getValidation(),
				pool.getValidationInterval(), leakDetectionThreshold, shutdownTimeout,
				(statementTimeout != null) ? statementTimeout.plus(REPLY_GRACE) : null, pool.getDrainTimeout());
	}

}
