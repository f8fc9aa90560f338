package io.databridge.startup;

import java.time.Duration;

import io.databridge.error.DatabaseError;

/**
 * Thrown when the connection pool could not be opened while the application started.
 * Carries the classified failure, the server it was opened against (never the password),
 * and how hard it was tried.
 *
 * @author Databridge team
 */
public class DatabaseStartupException extends RuntimeException {

	private final DatabaseError error;

	private final String target;

	private final StartupMode mode;

	private final int attempts;

	private final Duration elapsed;

	/**
	 * Creates an exception.
	 * @param poolName the pool name
	 * @param target the server, such as {@code user@host:5432/database}
	 * @param mode the startup mode
	 * @param attempts how many times opening the pool was tried
	 * @param elapsed how long it was tried for
	 * @param cause the last failure
	 */
	public DatabaseStartupException(String poolName, String target, StartupMode mode, int attempts, Duration elapsed,
			Throwable cause) {
		super(message(poolName, target, DatabaseError.of(cause), attempts, elapsed), cause);
		this.error = DatabaseError.of(cause);
		this.target = target;
		this.mode = mode;
		this.attempts = attempts;
		this.elapsed = elapsed;
	}

	private static String message(String poolName, String target, DatabaseError error, int attempts, Duration elapsed) {
		return "[" + poolName + "] Could not open connections to PostgreSQL at " + target + ": " + error.describe()
				+ " after " + attempts + " attempt" + ((attempts != 1) ? "s" : "") + " in " + elapsed.toMillis() + "ms";
	}

	/**
	 * Returns the classified failure.
	 * @return the failure
	 */
	public DatabaseError getError() {
		return this.error;
	}

	/**
	 * Returns the server the pool was opened against.
	 * @return the server, without password
	 */
	public String getTarget() {
		return this.target;
	}

	/**
	 * Returns the startup mode.
	 * @return the mode
	 */
	public StartupMode getMode() {
		return this.mode;
	}

	/**
	 * Returns how many times opening the pool was tried.
	 * @return the number of attempts
	 */
	public int getAttempts() {
		return this.attempts;
	}

	/**
	 * Returns how long opening the pool was tried for.
	 * @return the time spent
	 */
	public Duration getElapsed() {
		return this.elapsed;
	}

}
