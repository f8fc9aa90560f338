package io.databridge.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidDatabridgePropertyException}: the property, its value and the
 * fix.
 *
 * @author Databridge team
 */
class InvalidDatabridgePropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidDatabridgePropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidDatabridgePropertyException cause) {
		String value = (cause.getValue() != null) ? "\"" + cause.getValue() + "\"" : "(not set)";
		String description = String.format(
				"Invalid Databridge configuration:%n%n    Property: %s%n    Value: %s%n" + "    Reason: %s",
				cause.getProperty(), value, cause.getReason());
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
