package io.databridge.pooler;

import io.databridge.error.ClassifiedFailure;
import io.databridge.error.ErrorKind;
import io.r2dbc.spi.R2dbcNonTransientResourceException;

/**
 * Thrown instead of opening a connection when the pool found itself behind a transaction
 * pooler while it is configured to send session settings when a connection opens
 * (statement timeout, schema, server options): the pooler refuses or drops them, so they
 * would not apply.
 *
 * @author Databridge team
 */
public class SessionSettingsRefusedException extends R2dbcNonTransientResourceException implements ClassifiedFailure {

	private final String action;

	/**
	 * Creates an exception.
	 * @param message what was found and which settings it concerns
	 * @param action how to fix it
	 */
	public SessionSettingsRefusedException(String message, String action) {
		super(message);
		this.action = action;
	}

	/**
	 * Returns how to fix the configuration.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

	@Override
	public ErrorKind kind() {
		return ErrorKind.POOLER;
	}

}
