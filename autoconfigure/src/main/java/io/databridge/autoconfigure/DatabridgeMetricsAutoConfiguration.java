package io.databridge.autoconfigure;

import io.databridge.metrics.PoolGauges;
import io.databridge.metrics.PoolMeters;
import io.databridge.metrics.QueryMeters;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.PoolListenerFactory;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configuration of Micrometer metrics for the Databridge pool and its statements.
 * Spring Boot's own {@code r2dbc.pool.*} gauges describe the same pool and are left in
 * place for dashboards built on them.
 *
 * @author Databridge team
 */
@AutoConfiguration(after = DatabridgeAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ DatabridgeSettings.class, MeterRegistry.class })
@Conditional(OnMetricsEnabledCondition.class)
public final class DatabridgeMetricsAutoConfiguration {

	@Bean
	PoolMeters databridgePoolMeters(MeterRegistry registry, DatabridgeSettings settings,
			DatabridgeProperties properties) {
		return new PoolMeters(registry, settings.pool().name(),
				properties.getObservability().getMetrics().isOpenTelemetryNames());
	}

	@Bean
	PoolListenerFactory databridgePoolMetersFactory(MeterRegistry registry, DatabridgeProperties properties) {
		boolean openTelemetryNames = properties.getObservability().getMetrics().isOpenTelemetryNames();
		return (poolName) -> new PoolMeters(registry, poolName, openTelemetryNames);
	}

	@Bean
	QueryMeters databridgeQueryMeters(MeterRegistry registry, DatabridgeSettings settings,
			DatabridgeProperties properties) {
		return new QueryMeters(registry, settings.queryTarget(),
				properties.getObservability().getMetrics().isOpenTelemetryNames());
	}

	@Bean
	PoolGauges databridgePoolGauges(DatabridgeConnectionPool pool, DatabridgeProperties properties) {
		return new PoolGauges(pool, properties.getObservability().getMetrics().isOpenTelemetryNames());
	}

}
