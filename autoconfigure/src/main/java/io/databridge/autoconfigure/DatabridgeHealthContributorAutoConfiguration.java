package io.databridge.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.databridge.health.DatabridgeHealthIndicator;
import io.databridge.pool.DatabridgeConnectionPool;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code databridge} health indicator for the Databridge pool,
 * and of {@code databridgeDatabases}, one indicator per database under
 * {@code databridge.databases}. Spring Boot's {@code r2dbc} indicator is kept from
 * reporting the same pool (see {@link R2dbcHealthContributorFilter}).
 *
 * @author Databridge team
 */
@AutoConfiguration(after = { DatabridgeAutoConfiguration.class, DatabridgeDatabasesAutoConfiguration.class })
@ConditionalOnClass({ ReactiveHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(DatabridgeConnectionPool.class)
public final class DatabridgeHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "databridgeHealthIndicator")
	@ConditionalOnEnabledHealthIndicator("databridge")
	DatabridgeHealthIndicator databridgeHealthIndicator(DatabridgeConnectionPool pool, DatabridgeSettings settings) {
		return indicator(pool, settings);
	}

	/**
	 * The health of the databases under {@code databridge.databases}, one component per
	 * name, beside the primary's {@code databridge}.
	 */
	@Bean
	@ConditionalOnBean(NamedDatabases.class)
	@ConditionalOnMissingBean(name = "databridgeDatabasesHealthContributor")
	@ConditionalOnEnabledHealthIndicator("databridge")
	CompositeReactiveHealthContributor databridgeDatabasesHealthContributor(NamedDatabases databases) {
		Map<String, ReactiveHealthIndicator> indicators = new LinkedHashMap<>();
		for (String name : databases.names()) {
			indicators.put(name, indicator(databases.pool(name), databases.settings(name)));
		}
		return CompositeReactiveHealthContributor.fromMap(indicators);
	}

	private static DatabridgeHealthIndicator indicator(DatabridgeConnectionPool pool, DatabridgeSettings settings) {
		DatabridgeSettings.Health health = settings.health();
		return new DatabridgeHealthIndicator(pool, health.mode(), health.timeout(), health.cacheTime());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(
			name = "org.springframework.boot.r2dbc.autoconfigure.health.ConnectionFactoryHealthContributorAutoConfiguration")
	static class R2dbcHealthContributorFilterConfiguration {

		@Bean
		static R2dbcHealthContributorFilter databridgeR2dbcHealthContributorFilter() {
			return new R2dbcHealthContributorFilter();
		}

	}

}
