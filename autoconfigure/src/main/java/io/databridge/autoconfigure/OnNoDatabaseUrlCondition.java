package io.databridge.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code databridge.url} is not set, or set to blank text.
 *
 * @author Databridge team
 */
class OnNoDatabaseUrlCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("No database URL");
		if (StringUtils.hasText(context.getEnvironment().getProperty("databridge.url"))) {
			return ConditionOutcome.noMatch(message.found("property").items("databridge.url"));
		}
		return ConditionOutcome.match(message.didNotFind("property").items("databridge.url"));
	}

}
