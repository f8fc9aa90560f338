package io.databridge.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a {@code databridge.*} setting cannot be used. Carries the property, its
 * value with any password masked, what is wrong and how to fix it.
 *
 * @author Databridge team
 */
public class InvalidDatabridgePropertyException extends IllegalStateException {

	private final String property;

	private final @Nullable String value;

	private final String reason;

	private final String action;

	/**
	 * Creates an exception.
	 * @param property the full property name, such as {@code databridge.pool.size}
	 * @param value the offending value, already masked, or {@code null} if it is missing
	 * @param reason what is wrong, as a sentence
	 * @param action how to fix it, as a sentence
	 */
	public InvalidDatabridgePropertyException(String property, @Nullable Object value, String reason, String action) {
		this(property, value, reason, action, null);
	}

	/**
	 * Creates an exception with a cause.
	 * @param property the full property name, such as {@code databridge.url}
	 * @param value the offending value, already masked, or {@code null} if it is missing
	 * @param reason what is wrong, as a sentence
	 * @param action how to fix it, as a sentence
	 * @param cause the underlying exception, whose message must carry no secret
	 */
	public InvalidDatabridgePropertyException(String property, @Nullable Object value, String reason, String action,
			@Nullable Throwable cause) {
		super("Invalid " + property + ((value != null) ? " '" + value + "'" : "") + ": " + reason, cause);
		this.property = property;
		this.value = (value != null) ? value.toString() : null;
		this.reason = reason;
		this.action = action;
	}

	/**
	 * Returns the property name.
	 * @return the property
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Returns the offending value, masked.
	 * @return the value, or {@code null} if it was missing
	 */
	public @Nullable String getValue() {
		return this.value;
	}

	/**
	 * Returns what is wrong.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * Returns how to fix it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
