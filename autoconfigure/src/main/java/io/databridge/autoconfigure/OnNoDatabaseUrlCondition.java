package io.databridge.autoconfigure;

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
		if (StringUtils.hasText(context.getEnvironment().getProperty("databridge.url"))) {
			return ConditionOutcome.noMatch("databridge.url is set");
		}
		return ConditionOutcome.match("databridge.url is not set");
	}

}
