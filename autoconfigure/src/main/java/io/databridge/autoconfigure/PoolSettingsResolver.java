package io.databridge.autoconfigure;

import io.databridge.pool.PoolSettings;

import org.springframework.util.StringUtils;

/**
 * Checks {@code databridge.pool.*} and turns it into {@link PoolSettings}; every mistake
 * becomes an {@link InvalidDatabridgePropertyException}.
 *
 * @author Databridge team
 */
final class PoolSettingsResolver {

	private PoolSettingsResolver() {
	}

	static PoolSettings resolve(DatabridgeProperties.Pool pool) {
		if (!StringUtils.hasText(pool.getName())) {
			throw new InvalidDatabridgePropertyException("databridge.pool.name", pool.getName(),
					"The pool name is blank.",
					"Set databridge.pool.name to a short name such as 'orders', or remove it.");
		}
		requireNotNegative("databridge.pool.size", pool.getSize(), "10");
		requireNotNegative("databridge.pool.max-overflow", pool.getMaxOverflow(), "10");
		if (pool.getSize() + pool.getMaxOverflow() < 1) {
			throw new InvalidDatabridgePropertyException("databridge.pool.size", pool.getSize(),
					"The pool could never open a connection: databridge.pool.size and "
							+ "databridge.pool.max-overflow are both 0.",
					"Set databridge.pool.size to 1 or more (default 10).");
		}
		ConnectionSettingsResolver.requirePositive("databridge.pool.acquire-timeout", pool.getAcquireTimeout(), "30s");
		ConnectionSettingsResolver.requirePositive("databridge.pool.idle-timeout", pool.getIdleTimeout(), "10m");
		ConnectionSettingsResolver.requirePositive("databridge.pool.max-lifetime", pool.getMaxLifetime(), "30m");
		return new PoolSettings(pool.getName(), pool.getSize(), pool.getMaxOverflow(), pool.getAcquireTimeout(),
				pool.getIdleTimeout(), pool.getMaxLifetime());
	}

	private static void requireNotNegative(String property, int value, String defaultValue) {
		if (value < 0) {
			throw new InvalidDatabridgePropertyException(property, value, "The value must not be negative.",
					"Set " + property + " to 0 or more (default " + defaultValue + ").");
		}
	}

}
