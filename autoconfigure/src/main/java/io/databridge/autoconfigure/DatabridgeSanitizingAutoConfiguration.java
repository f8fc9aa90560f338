package io.databridge.autoconfigure;

import io.databridge.sanitize.DatabridgeSanitizingFunction;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@link DatabridgeSanitizingFunction}, which keeps
 * Databridge's secrets out of actuator's {@code env} and {@code configprops} endpoints.
 * It applies whether or not Databridge's pool is configured: the properties are in the
 * environment either way.
 *
 * @author Databridge team
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class DatabridgeSanitizingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(DatabridgeSanitizingFunction.class)
	DatabridgeSanitizingFunction databridgeSanitizingFunction(Environment environment,
			ObjectProvider<DatabridgeConnectionDetails> connectionDetails) {
		return new DatabridgeSanitizingFunction(new ConfiguredSecrets(environment, connectionDetails));
	}

}
