package io.databridge.error;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.r2dbc.postgresql.api.ErrorDetails;
import io.r2dbc.postgresql.api.PostgresqlException;
import org.jspecify.annotations.Nullable;

/**
 * What the server (or a pooler speaking its protocol) said when it refused something: its
 * own message, SQLSTATE and hint, as it sent them. PostgreSQL's and PgBouncer's messages
 * about a refused connection name users, databases and startup parameters, not the
 * password, so they are quoted where a failure to connect is explained; Databridge does
 * not quote messages about statements, which may carry values.
 *
 * @param sqlState the SQLSTATE
 * @param message the primary message
 * @param hint the hint, or {@code null}
 * @author Databridge team
 */
public record ServerMessage(String sqlState, String message, @Nullable String hint) {

	/**
	 * Where the driver makes exceptions of its own: its connection factory (a connection
	 * it could not open) and its client (TLS handshakes, closed channels). Its exceptions
	 * for an {@code ErrorResponse} the server sent are made elsewhere.
	 */
	private static final List<String> CLIENT_SIDE_TYPES = List.of("io.r2dbc.postgresql.PostgresqlConnectionFactory$",
			"io.r2dbc.postgresql.client.");

	private static final Pattern UNSUPPORTED_STARTUP_PARAMETER = Pattern
		.compile("unsupported startup parameter: ([A-Za-z0-9_.]+)");

	/**
	 * Finds the server's message in the given failure or its causes.
	 * @param failure the failure
	 * @return the message, or {@code null} when no server sent one
	 */
	public static @Nullable ServerMessage of(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof PostgresqlException postgresql && fromServer(candidate)) {
				ErrorDetails details = postgresql.getErrorDetails();
				return new ServerMessage(details.getCode(), details.getMessage(), details.getHint().orElse(null));
			}
		}
		return null;
	}

	/**
	 * Returns whether the driver made the given exception from an error the server sent.
	 * The driver also reports failures of its own (a connection it could not open, a TLS
	 * handshake that failed) as {@link PostgresqlException}s with a SQLSTATE; those are
	 * not what the server said.
	 */
	private static boolean fromServer(Throwable candidate) {
		String type = candidate.getClass().getName();
		return CLIENT_SIDE_TYPES.stream().noneMatch(type::startsWith);
	}

	/**
	 * Returns the startup parameter a pooler refused, as in PgBouncer's
	 * {@code unsupported startup parameter: extra_float_digits}.
	 * @return the parameter's name, or {@code null} when the message is another
	 */
	public @Nullable String unsupportedStartupParameter() {
		Matcher matcher = UNSUPPORTED_STARTUP_PARAMETER.matcher(this.message);
		return matcher.find() ? matcher.group(1) : null;
	}

	/**
	 * Quotes the message for failure reports, such as
	 * {@code "unsupported startup parameter: extra_float_digits" (SQLSTATE 08P01)}.
	 * @return the quotation
	 */
	public String quote() {
		return "\"" + this.message + "\" (SQLSTATE " + this.sqlState + ")"
				+ ((this.hint != null) ? " hint: \"" + this.hint + "\"" : "");
	}

}
