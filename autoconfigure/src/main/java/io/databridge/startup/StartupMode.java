package io.databridge.startup;

/**
 * What the application does about the database while it starts.
 *
 * @author Databridge team
 */
public enum StartupMode {

	/**
	 * Start without touching the database; the first use opens connections.
	 */
	LAZY,

	/**
	 * Open the pool's connections before the application reports started, and fail
	 * startup with an explanation at the first failure.
	 */
	FAIL_FAST,

	/**
	 * Like {@link #FAIL_FAST}, but retry with exponential backoff and jitter until the
	 * startup timeout while the database is unreachable, starting up or full; a wrong
	 * password, a missing database or a TLS failure still fails at once.
	 */
	WAIT

}
