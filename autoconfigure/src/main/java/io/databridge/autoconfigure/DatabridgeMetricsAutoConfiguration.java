package io.databridge.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.databridge.metrics.PoolGauges;
import io.databridge.metrics.PoolMeters;
import io.databridge.metrics.QueryMeters;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.PoolListenerFactory;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configuration of Micrometer metrics for the Databridge pools (the primary's, its
 * replicas' and those of the databases under {@code databridge.databases}) and their
 * statements, each tagged with its pool's name. Spring Boot's own {@code r2dbc.pool.*}
 * gauges describe the same pool and are left in place for dashboards built on them.
 *
 * @author Databridge team
 */
@AutoConfiguration(after = { DatabridgeAutoConfiguration.class, DatabridgeDatabasesAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ DatabridgeSettings.class, MeterRegistry.class })
@Conditional(OnMetricsEnabledCondition.class)
public final class DatabridgeMetricsAutoConfiguration {

	/**
	 * Makes the {@code databridge.connections.*} meters of every pool: the primary's, its
	 * replicas' and the named databases'.
	 */
	@Bean
	PoolListenerFactory databridgePoolMetersFactory(MeterRegistry registry, DatabridgeProperties properties) {
		boolean openTelemetryNames = properties.getObservability().getMetrics().isOpenTelemetryNames();
		return (poolName) -> new PoolMeters(registry, poolName, openTelemetryNames);
	}

	@Bean
	QueryMeters databridgeQueryMeters(MeterRegistry registry, DatabridgeProperties properties) {
		return new QueryMeters(registry, properties.getObservability().getMetrics().isOpenTelemetryNames());
	}

	@Bean
	PoolGauges databridgePoolGauges(DatabridgeConnectionPool pool, ObjectProvider<NamedDatabases> namedDatabases,
			DatabridgeProperties properties) {
		List<DatabridgeConnectionPool> pools = new ArrayList<>();
		pools.add(pool);
		namedDatabases.ifAvailable((databases) -> databases.names().forEach((name) -> pools.add(databases.pool(name))));
		return new PoolGauges(pools, properties.getObservability().getMetrics().isOpenTelemetryNames());
	}

}
