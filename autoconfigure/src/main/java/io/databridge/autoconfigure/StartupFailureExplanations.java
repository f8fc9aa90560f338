package io.databridge.autoconfigure;

import io.databridge.error.ErrorKind;
import io.databridge.startup.StartupMode;

/**
 * What each kind of startup failure means and what to do about it, in the words of the
 * failure analysis.
 *
 * @author Databridge team
 */
final class StartupFailureExplanations {

	private static final String WAIT_OR_LAZY = " To start before the database is ready, set databridge.startup.mode=wait "
			+ "(retries with backoff until databridge.startup.timeout) or lazy (starts without the database).";

	private StartupFailureExplanations() {
	}

	static String problem(ErrorKind kind) {
		return switch (kind) {
			case CONNECTION_REFUSED -> "Host unreachable: nothing accepted a connection on that host and port.";
			case UNKNOWN_HOST -> "Host unknown: the host name does not resolve.";
			case TIMEOUT -> "No answer: the server did not complete the connection within the timeout.";
			case TLS -> "TLS refused: the TLS handshake failed or the server does not offer TLS.";
			case AUTHENTICATION -> "Authentication failed: the server rejected the user name or password.";
			case DATABASE_MISSING -> "Database missing: the server has no database of that name.";
			case TOO_MANY_CONNECTIONS -> "Too many connections: the server's max_connections is used up.";
			case SERVER_UNAVAILABLE -> "Server unavailable: the server is starting up, shutting down or in recovery.";
			case CONNECTION_LOST -> "Connection lost: the server closed the connection while it was being opened.";
			case POOLER -> "Pooler refused: a connection pooler in front of PostgreSQL (PgBouncer, Neon's or "
					+ "Supabase's) does not take a setting the connection relies on.";
			default -> "The connection could not be opened.";
		};
	}

	static String action(ErrorKind kind, StartupMode mode) {
		return switch (kind) {
			case CONNECTION_REFUSED -> "Check that PostgreSQL is running and that databridge.url names its host and "
					+ "port." + waitOrLazy(mode);
			case UNKNOWN_HOST -> "Check the host name in databridge.url." + waitOrLazy(mode);
			case TIMEOUT -> "Check that the host and port in databridge.url are PostgreSQL's and that no firewall "
					+ "drops the traffic; raise databridge.connect-timeout for a slow network, or a serverless "
					+ "database that is waking up." + waitOrLazy(mode);
			case TLS -> "Match ?sslmode= in databridge.url (or databridge.ssl.mode) to the server: 'disable' for a "
					+ "server without TLS, 'require' or stronger where TLS is mandatory (Neon, most clouds); check "
					+ "databridge.ssl.root-cert for verify-ca and verify-full.";
			case AUTHENTICATION -> "Check databridge.username and databridge.password (or the user and password in "
					+ "databridge.url). Databridge does not retry a rejected password, so the account is not locked "
					+ "out by retries.";
			case DATABASE_MISSING -> "Create the database, or correct the database name in databridge.url.";
			case TOO_MANY_CONNECTIONS -> "Lower databridge.pool.size (connections opened at startup), raise the "
					+ "server's max_connections, or connect through a pooler such as PgBouncer or Neon's -pooler "
					+ "endpoint." + waitOrLazy(mode);
			case SERVER_UNAVAILABLE -> "Wait for the server to finish starting or recovering." + waitOrLazy(mode);
			default -> "See the cause below." + waitOrLazy(mode);
		};
	}

	/**
	 * Says how to get past a pooler that refused a startup parameter.
	 * @param parameter the parameter, as the pooler named it
	 * @return the action
	 */
	static String unsupportedStartupParameter(String parameter) {
		if (parameter.equals("extra_float_digits")) {
			return "Add extra_float_digits to PgBouncer's ignore_startup_parameters (ignore_startup_parameters = "
					+ "extra_float_digits in pgbouncer.ini, then reload PgBouncer), as JDBC clients need too. "
					+ "r2dbc-postgresql sends extra_float_digits when it opens every connection and cannot leave it "
					+ "out; ignoring it is safe, since the driver reads floats exactly either way.";
		}
		return "PgBouncer does not pass " + parameter + " on to the server, and adding it to "
				+ "ignore_startup_parameters would only drop it silently. Set it on the role instead (ALTER ROLE "
				+ "<user> IN DATABASE <database> SET " + parameter + " = ...), remove it from databridge.url, "
				+ "databridge.statement-timeout, databridge.schema or databridge.options, and set "
				+ "databridge.pooler=transaction so that Databridge refuses such settings at startup.";
	}

	private static String waitOrLazy(StartupMode mode) {
		return (mode == StartupMode.FAIL_FAST) ? WAIT_OR_LAZY : "";
	}

}
