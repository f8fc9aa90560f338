package io.databridge.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The checks every numeric {@code databridge.*} setting goes through, each failing with
 * an {@link InvalidDatabridgePropertyException} that names the property, its value and an
 * example of a good one.
 *
 * @author Databridge team
 */
final class PropertyChecks {

	private PropertyChecks() {
	}

	static Duration requirePositive(String property, Duration value, String example) {
		if (value.isNegative() || value.isZero()) {
			throw new InvalidDatabridgePropertyException(property, value, "The duration must be positive.",
					"Set " + property + " to a positive duration, for example " + example + ".");
		}
		return value;
	}

	static Duration requireNotNegative(String property, @Nullable Duration value, String example) {
		if (value == null || value.isNegative()) {
			throw new InvalidDatabridgePropertyException(property, value, "The duration must not be negative.",
					"Set " + property + " to 0 or more, such as " + example + ".");
		}
		return value;
	}

	static int requireNotNegative(String property, int value, String defaultValue) {
		if (value < 0) {
			throw new InvalidDatabridgePropertyException(property, value, "The value must not be negative.",
					"Set " + property + " to 0 or more (default " + defaultValue + ").");
		}
		return value;
	}

}
