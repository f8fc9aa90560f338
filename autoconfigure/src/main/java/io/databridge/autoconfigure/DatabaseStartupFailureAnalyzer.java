package io.databridge.autoconfigure;

import io.databridge.error.DatabaseError;
import io.databridge.startup.DatabaseStartupException;
import io.databridge.startup.StartupMode;

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
		String description = String.format(
				"Databridge could not open its connection pool at startup:%n%n    Server: %s%n    Problem: %s%n"
						+ "    Error: %s%s%n    Attempts: %d in %dms (databridge.startup.mode=%s)",
				cause.getTarget(), StartupFailureExplanations.problem(error.kind()), error.kind().value(),
				(error.sqlState() != null) ? ", SQLSTATE " + error.sqlState() : "", cause.getAttempts(),
				cause.getElapsed().toMillis(), modeName(cause.getMode()));
		return new FailureAnalysis(description, StartupFailureExplanations.action(error.kind(), cause.getMode()),
				cause);
	}

	static String modeName(StartupMode mode) {
		return mode.name().toLowerCase().replace('_', '-');
	}

}
