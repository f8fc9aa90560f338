package io.databridge.error;

import java.util.regex.Pattern;

import io.r2dbc.spi.R2dbcException;

/**
 * Recognises the errors PostgreSQL sends when a connection's named prepared statements
 * reach a server connection that does not hold them, or holds other statements under the
 * same names: what happens when a transaction pooler gives each transaction another
 * server connection. The statement names are the driver's own ({@code S_0}, {@code S_1},
 * ...), so a statement the application prepared by name itself is never taken for one.
 * <ul>
 * <li>{@code 42P05}: prepared statement "S_n" already exists;</li>
 * <li>{@code 26000}: prepared statement "S_n" does not exist (r2dbc-postgresql prepares
 * the statement again once by itself, so this reaches Databridge only when that fails
 * too);</li>
 * <li>{@code 08P01}: bind message supplies n parameters, but prepared statement "S_n"
 * requires m.</li>
 * </ul>
 *
 * @author Databridge team
 */
public final class NamedStatementConflict {

	private static final Pattern DRIVER_STATEMENT = Pattern.compile("prepared statement \"S_\\d+\"");

	private NamedStatementConflict() {
	}

	/**
	 * Returns whether the given failure, or one of its causes, is a server error about
	 * one of the driver's named statements.
	 * @param failure the failure
	 * @return whether it reveals named statements on the wrong server connection
	 */
	public static boolean isCausedBy(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof R2dbcException r2dbc && matches(r2dbc.getSqlState(), r2dbc.getMessage())) {
				return true;
			}
		}
		return false;
	}

	private static boolean matches(String sqlState, String message) {
		if (sqlState == null || message == null || !DRIVER_STATEMENT.matcher(message).find()) {
			return false;
		}
		return switch (sqlState) {
			case "42P05" -> message.contains("already exists");
			case "26000" -> message.contains("does not exist");
			case "08P01" -> message.contains("bind message supplies");
			default -> false;
		};
	}

}
