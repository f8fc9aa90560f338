package io.databridge.error;

/**
 * What went wrong when talking to the database, in words safe to show in health details,
 * metric tags and logs.
 *
 * @author Databridge team
 */
public enum ErrorKind {

	/**
	 * No answer within the time allowed.
	 */
	TIMEOUT("timeout"),

	/**
	 * The server refused the TCP connection: nothing listens on that host and port.
	 */
	CONNECTION_REFUSED("connection-refused"),

	/**
	 * The host name could not be resolved.
	 */
	UNKNOWN_HOST("unknown-host"),

	/**
	 * The TLS handshake failed or TLS was refused.
	 */
	TLS("tls"),

	/**
	 * The server rejected the credentials (SQLSTATE class 28).
	 */
	AUTHENTICATION("authentication-failed"),

	/**
	 * The server refused a password from the application's password supplier, as happens
	 * while a password rotates; a new one is asked for and the login retried.
	 */
	PASSWORD_REFUSED("password-refused"),

	/**
	 * The database does not exist (SQLSTATE 3D000).
	 */
	DATABASE_MISSING("database-missing"),

	/**
	 * The server has no connection slot left (SQLSTATE 53300).
	 */
	TOO_MANY_CONNECTIONS("too-many-connections"),

	/**
	 * The server is shutting down, restarting or starting up (SQLSTATE 57P01, 57P02,
	 * 57P03).
	 */
	SERVER_UNAVAILABLE("server-unavailable"),

	/**
	 * The connection broke or was closed (SQLSTATE class 08, or an I/O error).
	 */
	CONNECTION_LOST("connection-lost"),

	/**
	 * A pooler in front of the server (PgBouncer, Neon's or Supabase's) refused a setting
	 * sent when the connection opened ({@code unsupported startup parameter}), or does
	 * not keep the session settings the connection relies on.
	 */
	POOLER("pooler-refused"),

	/**
	 * Every connection was in use and too many callers were already waiting.
	 */
	POOL_EXHAUSTED("pool-exhausted"),

	/**
	 * The pool was closed.
	 */
	POOL_CLOSED("pool-closed"),

	/**
	 * The server rejected a statement (any other SQLSTATE).
	 */
	STATEMENT("statement-failed"),

	/**
	 * Anything else.
	 */
	OTHER("other");

	/**
	 * Returns whether a failure to open a connection of this kind may pass by itself, so
	 * that trying again is worthwhile: the server is unreachable, lost the connection, is
	 * starting or shutting down, is full, did not answer in time, or refused a supplied
	 * password that is being rotated.
	 * @return whether to retry
	 */
	public boolean isTransient() {
		return switch (this) {
			case CONNECTION_REFUSED, CONNECTION_LOST, SERVER_UNAVAILABLE, TOO_MANY_CONNECTIONS, TIMEOUT,
					PASSWORD_REFUSED ->
				true;
			default -> false;
		};
	}

	private final String value;

	ErrorKind(String value) {
		this.value = value;
	}

	/**
	 * Returns the kebab-case form used in health details and metric tags.
	 * @return the value, such as {@code connection-refused}
	 */
	public String value() {
		return this.value;
	}

}
