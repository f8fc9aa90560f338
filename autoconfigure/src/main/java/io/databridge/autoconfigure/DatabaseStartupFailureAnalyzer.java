package io.databridge.autoconfigure;

import io.databridge.error.DatabaseError;
import io.databridge.error.ServerMessage;
import io.databridge.error.TlsProblem;
import io.databridge.pooler.SessionSettingsRefusedException;
import io.databridge.startup.DatabaseStartupException;
import io.databridge.startup.StartupMode;
import io.databridge.url.SettingValue;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link DatabaseStartupException}: which server, what went wrong (by SQLSTATE
 * where the server sent one) and what to change.
 *
 * @author Databridge team
 */
class DatabaseStartupFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseStartupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DatabaseStartupException cause) {
		DatabaseError error = cause.getError();
		ServerMessage said = ServerMessage.of(cause);
		TlsProblem tls = TlsProblem.of(cause);
		String problem = (tls != null) ? StartupFailureExplanations.problem(tls, TlsProblem.unverifiedHost(cause))
				: StartupFailureExplanations.problem(error.kind());
		String description = String.format(
				"Databridge could not open its connection pool at startup:%n%n    Server: %s%n    Problem: %s%n"
						+ "    Error: %s%s%n%s    Attempts: %d in %dms (databridge.startup.mode=%s)",
				cause.getTarget(), problem, error.kind().value(),
				(error.sqlState() != null) ? ", SQLSTATE " + error.sqlState() : "",
				(said != null) ? String.format("    Server said: %s%n", said.quote()) : "", cause.getAttempts(),
				cause.getElapsed().toMillis(), modeName(cause.getMode()));
		return new FailureAnalysis(description,
				(tls != null) ? StartupFailureExplanations.action(tls) : action(cause, said), cause);
	}

	private String action(DatabaseStartupException cause, @Nullable ServerMessage said) {
		SessionSettingsRefusedException refused = findCause(cause, SessionSettingsRefusedException.class);
		if (refused != null) {
			return refused.getMessage() + " " + refused.getAction();
		}
		String parameter = (said != null) ? said.unsupportedStartupParameter() : null;
		return (parameter != null) ? StartupFailureExplanations.unsupportedStartupParameter(parameter)
				: StartupFailureExplanations.action(cause.getError().kind(), cause.getMode());
	}

	static String modeName(StartupMode mode) {
		return SettingValue.of(mode);
	}

}
