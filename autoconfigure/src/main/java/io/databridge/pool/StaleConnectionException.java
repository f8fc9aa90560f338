package io.databridge.pool;

/**
 * Signals, inside the pool, that the connection about to be handed out failed its check
 * and was closed, so that another one should be taken. Never reaches a caller.
 *
 * @author Databridge team
 */
final class StaleConnectionException extends RuntimeException {

	static final StaleConnectionException INSTANCE = new StaleConnectionException();

	private StaleConnectionException() {
		super("Pooled connection failed validation", null, false, false);
	}

}
