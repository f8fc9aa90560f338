package io.databridge.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless Databridge's metrics are turned off, by
 * {@code databridge.observability.metrics.enabled=false} or by its deprecated former
 * name, {@code databridge.metrics.enabled=false}.
 *
 * @author Databridge team
 */
class OnMetricsEnabledCondition extends SpringBootCondition {

	static final String PROPERTY = "databridge.observability.metrics.enabled";

	static final String DEPRECATED_PROPERTY = "databridge.metrics.enabled";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Databridge metrics");
		Environment environment = context.getEnvironment();
		for (String property : new String[] { PROPERTY, DEPRECATED_PROPERTY }) {
			if (Boolean.FALSE.equals(environment.getProperty(property, Boolean.class))) {
				return ConditionOutcome.noMatch(message.because(property + " is false"));
			}
		}
		return ConditionOutcome
			.match(message.because("neither " + PROPERTY + " nor " + DEPRECATED_PROPERTY + " is false"));
	}

}
