package io.databridge.error;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcTimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.pool.PoolShutdownException;

/**
 * A database error reduced to its {@link ErrorKind} and SQLSTATE, the two facts that can
 * be shown anywhere without leaking what the driver's message may quote.
 * <p>
 * The SQLSTATE decides where there is one; the cause chain decides otherwise.
 *
 * @param kind what went wrong
 * @param sqlState the SQLSTATE the server sent, or {@code null} when the error did not
 * come from the server
 * @param exceptionType the simple name of the outermost exception's class
 * @author Databridge team
 */
public record DatabaseError(ErrorKind kind, @Nullable String sqlState, String exceptionType) {

	private static final String NO_SQL_STATE_CLASS = "none";

	/**
	 * SQLSTATEs outside class 08 after which a connection is not used again: admin
	 * shutdown, crash shutdown, cannot connect now, too many connections.
	 */
	private static final Set<String> CONNECTION_SQL_STATES = Set.of("57P01", "57P02", "57P03", "53300");

	/**
	 * Classifies the given failure.
	 * @param failure the failure
	 * @return the classification
	 */
	public static DatabaseError of(Throwable failure) {
		String sqlState = sqlState(failure);
		ErrorKind kind = (sqlState != null) ? kindOf(sqlState, failure) : kindOfCause(failure);
		return new DatabaseError(kind, sqlState, failure.getClass().getSimpleName());
	}

	/**
	 * Returns the two-character SQLSTATE class, such as {@code 08} for connection
	 * exceptions, or {@code none} when there is no SQLSTATE.
	 * @return the class
	 */
	public String sqlStateClass() {
		return (this.sqlState != null && this.sqlState.length() >= 2) ? this.sqlState.substring(0, 2)
				: NO_SQL_STATE_CLASS;
	}

	/**
	 * Returns the OpenTelemetry {@code error.type}: the SQLSTATE when the server sent
	 * one, otherwise the exception type.
	 * @return the error type
	 */
	public String errorType() {
		return (this.sqlState != null) ? this.sqlState : this.exceptionType;
	}

	/**
	 * Describes the error in a few words for messages, such as
	 * {@code too-many-connections (SQLSTATE 53300)}.
	 * @return the description
	 */
	public String describe() {
		return this.kind.value() + ((this.sqlState != null) ? " (SQLSTATE " + this.sqlState + ")" : "");
	}

	/**
	 * Returns whether the error concerns the connection rather than one statement, so
	 * that the connection should not be used again.
	 * @return whether the connection is affected
	 */
	public boolean isConnectionLevel() {
		if (this.sqlState != null) {
			return this.sqlState.startsWith("08") || CONNECTION_SQL_STATES.contains(this.sqlState);
		}
		return this.kind != ErrorKind.STATEMENT && this.kind != ErrorKind.OTHER
				&& this.kind != ErrorKind.POOL_EXHAUSTED;
	}

	private static @Nullable String sqlState(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null
					&& !r2dbc.getSqlState().isEmpty()) {
				return r2dbc.getSqlState();
			}
		}
		return null;
	}

	private static ErrorKind kindOf(String sqlState, Throwable failure) {
		if (sqlState.startsWith("28")) {
			return passwordRefused(failure) ? ErrorKind.PASSWORD_REFUSED : ErrorKind.AUTHENTICATION;
		}
		if (sqlState.startsWith("08")) {
			ServerMessage message = ServerMessage.of(failure);
			if (message != null && message.unsupportedStartupParameter() != null) {
				return ErrorKind.POOLER;
			}
			ErrorKind cause = kindOfCause(failure);
			return (cause != ErrorKind.OTHER) ? cause : ErrorKind.CONNECTION_LOST;
		}
		return switch (sqlState) {
			case "3D000" -> ErrorKind.DATABASE_MISSING;
			case "53300" -> ErrorKind.TOO_MANY_CONNECTIONS;
			case "57P01", "57P02", "57P03" -> ErrorKind.SERVER_UNAVAILABLE;
			case "57014" -> ErrorKind.TIMEOUT;
			default -> ErrorKind.STATEMENT;
		};
	}

	/**
	 * Returns whether the failure is a refusal of a supplied password, which the pool
	 * retries with a new one, rather than of a configured one.
	 */
	private static boolean passwordRefused(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof ClassifiedFailure classified && classified.kind() == ErrorKind.PASSWORD_REFUSED) {
				return true;
			}
		}
		return false;
	}

	private static ErrorKind kindOfCause(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			ErrorKind kind = kindOfException(candidate);
			if (kind != null) {
				return kind;
			}
		}
		return ErrorKind.OTHER;
	}

	private static @Nullable ErrorKind kindOfException(Throwable candidate) {
		if (candidate instanceof TimeoutException || candidate instanceof R2dbcTimeoutException) {
			return ErrorKind.TIMEOUT;
		}
		if (candidate instanceof ConnectException) {
			return ErrorKind.CONNECTION_REFUSED;
		}
		if (candidate instanceof UnknownHostException) {
			return ErrorKind.UNKNOWN_HOST;
		}
		if (candidate instanceof SSLException) {
			return ErrorKind.TLS;
		}
		if (candidate instanceof ClosedChannelException || candidate instanceof IOException) {
			return ErrorKind.CONNECTION_LOST;
		}
		if (candidate instanceof ClassifiedFailure classified) {
			return classified.kind();
		}
		if (candidate instanceof PoolShutdownException) {
			return ErrorKind.POOL_CLOSED;
		}
		// r2dbc-postgresql's own exceptions for these are package-private: only their
		// names can tell them apart from others of the same R2DBC type
		String type = candidate.getClass().getSimpleName();
		if (type.equals("PostgresqlSslException")) {
			return ErrorKind.TLS;
		}
		if (type.equals("PostgresConnectionClosedException") || type.equals("PostgresqlConnectionClosedException")) {
			return ErrorKind.CONNECTION_LOST;
		}
		if (candidate instanceof IllegalStateException && String.valueOf(candidate.getMessage()).contains("shutdown")) {
			return ErrorKind.POOL_CLOSED;
		}
		return null;
	}

}
