package io.databridge.autoconfigure;

import io.databridge.error.ErrorKind;
import io.databridge.error.TlsProblem;
import io.databridge.startup.StartupMode;
import org.jspecify.annotations.Nullable;

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
			case PASSWORD_REFUSED ->
				"Password refused: the server rejected the password from the " + "DatabridgePasswordSupplier bean.";
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
			case PASSWORD_REFUSED -> "Check what the DatabridgePasswordSupplier bean supplies for this user and "
					+ "host (for an RDS IAM token: the user needs rds_iam, and the token the host and port "
					+ "connected to). Connections opened later ask it again.";
			case DATABASE_MISSING -> "Create the database, or correct the database name in databridge.url.";
			case TOO_MANY_CONNECTIONS -> "Lower databridge.pool.size (connections opened at startup), raise the "
					+ "server's max_connections, or connect through a pooler such as PgBouncer or Neon's -pooler "
					+ "endpoint." + waitOrLazy(mode);
			case SERVER_UNAVAILABLE -> "Wait for the server to finish starting or recovering." + waitOrLazy(mode);
			default -> "See the cause below." + waitOrLazy(mode);
		};
	}

	/**
	 * Says which TLS check failed.
	 * @param problem the problem
	 * @param host the host name the certificate does not name, if known
	 * @return the problem line
	 */
	static String problem(TlsProblem problem, @Nullable String host) {
		return switch (problem) {
			case UNTRUSTED_CERTIFICATE -> "TLS refused: the server's certificate is not signed by an authority in "
					+ "databridge.ssl.root-cert (or, without one, in the JVM's trust store).";
			case HOST_NOT_NAMED -> "TLS refused: the server's certificate does not name the host "
					+ ((host != null) ? host : "in databridge.url") + ", and verify-full checks that it does.";
			case NOT_OFFERED -> "TLS refused: the server does not offer TLS, and the TLS mode requires it.";
			case REQUIRED_BY_SERVER -> "TLS required: the server accepts this user only over TLS (pg_hba.conf "
					+ "has no line without TLS for it), and the connection did not use TLS.";
			case CHANNEL_BINDING_WITHOUT_TLS -> "Channel binding refused: channel_binding=require needs an "
					+ "encrypted connection, and this one is not (the server did not offer TLS).";
		};
	}

	/**
	 * Says what to do about a failed TLS check.
	 * @param problem the problem
	 * @return the action
	 */
	static String action(TlsProblem problem) {
		return switch (problem) {
			case UNTRUSTED_CERTIFICATE -> "Set databridge.ssl.root-cert (or sslrootcert in databridge.url) to the "
					+ "PEM file of the authority that signed the server's certificate (cloud providers publish "
					+ "theirs, such as AWS RDS's global bundle). sslmode=require encrypts without checking the "
					+ "certificate, which does not protect against an impostor.";
			case HOST_NOT_NAMED -> "Connect with a host name the certificate names (not an address or an alias), "
					+ "or use sslmode=verify-ca, which checks the authority but not the host name.";
			case NOT_OFFERED -> "Turn TLS on in the server (ssl = on), or, on a network you trust, use "
					+ "sslmode=prefer or disable in databridge.url (or databridge.ssl.mode).";
			case REQUIRED_BY_SERVER -> "Set sslmode=require or stronger in databridge.url (or databridge.ssl.mode); "
					+ "verify-full also checks who the server is.";
			case CHANNEL_BINDING_WITHOUT_TLS ->
				"Turn TLS on in the server, or drop channel_binding=require from " + "databridge.url.";
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
