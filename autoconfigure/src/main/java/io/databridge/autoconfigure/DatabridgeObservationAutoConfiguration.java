package io.databridge.autoconfigure;

import io.databridge.observation.ObservationQueryListener;
import io.databridge.observation.QueryMeterObservationHandler;
import io.databridge.observation.QueryObservationConvention;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Auto-configuration of one Micrometer observation per statement run through the
 * Databridge pool, for tracing.
 *
 * @author Databridge team
 */
@AutoConfiguration(after = DatabridgeAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({ DatabridgeSettings.class, ObservationRegistry.class })
@ConditionalOnBooleanProperty(name = "databridge.observability.observations.enabled", matchIfMissing = true)
public final class DatabridgeObservationAutoConfiguration {

	@Bean
	ObservationQueryListener databridgeObservationQueryListener(ObservationRegistry registry,
			DatabridgeProperties properties, ObjectProvider<QueryObservationConvention> convention) {
		return new ObservationQueryListener(registry,
				properties.getObservability().getObservations().isIncludeQueryText(), convention.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.observation.MeterObservationHandler")
	static class MeterObservationHandlerConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		QueryMeterObservationHandler databridgeQueryMeterObservationHandler() {
			return new QueryMeterObservationHandler();
		}

	}

}
