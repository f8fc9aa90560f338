package io.databridge.autoconfigure;

import java.time.Duration;
import java.util.Map;

import io.databridge.connection.ConnectionSettings;
import io.databridge.connection.PostgresqlConnectionConfigurationMapper;
import io.databridge.pooler.PoolerMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ConnectionSettingsResolver} where a pooler is involved: how the pooler
 * mode and the statement cache are resolved, and which session settings a transaction
 * pooler makes it refuse. No server is involved.
 *
 * @author Databridge team
 */
class ConnectionSettingsResolverTests {

	private static final String NEON_POOLER = "postgresql://app:Hunter2@ep-cool-123456-pooler.us-east-2.aws.neon.tech"
			+ "/orders?sslmode=require&channel_binding=require&options=endpoint%3Dep-cool-123456";

	private final DatabridgeProperties properties = new DatabridgeProperties();

	@Test
	void neonPoolerUrlMakesStatementsUnnamedAndKeepsTheEndpointForNeonsProxy() {
		ConnectionSettings settings = resolve(NEON_POOLER);
		assertThat(settings.pooling().mode()).isEqualTo(PoolerMode.TRANSACTION);
		assertThat(settings.pooling().reason()).contains("Neon");
		assertThat(settings.pooling().unnamedStatements()).isTrue();
		assertThat(settings.endpoint()).isEqualTo("ep-cool-123456");
		assertThat(settings.describe()).contains("pooler=transaction (Neon's pooled endpoint (a -pooler host))")
			.contains("statement-cache-size=0")
			.contains("endpoint=ep-cool-123456")
			.doesNotContain("Hunter2");
	}

	@Test
	void neonEndpointIsSentAsTheOptionsStartupParameter() {
		ConnectionSettings settings = resolve(NEON_POOLER);
		assertThat(PostgresqlConnectionConfigurationMapper.toBuilder(settings).build().toString())
			.contains("options='{options=endpoint=ep-cool-123456}'");
	}

	@Test
	void plainUrlLeavesThePoolerToTheProbeAndTheCacheToTheDriver() {
		ConnectionSettings settings = resolve("postgresql://app@localhost/orders");
		assertThat(settings.pooling().mode()).isEqualTo(PoolerMode.AUTO);
		assertThat(settings.pooling().statementCacheSize()).isNull();
		assertThat(settings.describe()).contains("pooler=auto").doesNotContain("statement-cache-size");
	}

	@Test
	void configuredPoolerWinsOverWhatTheUrlSuggests() {
		this.properties.setPooler(PoolerMode.SESSION);
		ConnectionSettings settings = resolve(NEON_POOLER);
		assertThat(settings.pooling().mode()).isEqualTo(PoolerMode.SESSION);
		assertThat(settings.pooling().reason()).isNull();
		assertThat(settings.pooling().statementCacheSize()).isNull();
	}

	@Test
	void configuredStatementCacheSizeWinsEvenThroughATransactionPooler() {
		this.properties.setStatementCacheSize(100);
		ConnectionSettings settings = resolve("postgresql://app@aws-0-eu.pooler.supabase.com:6543/orders");
		assertThat(settings.pooling().mode()).isEqualTo(PoolerMode.TRANSACTION);
		assertThat(settings.pooling().statementCacheSize()).isEqualTo(100);
	}

	@Test
	void statementCacheSizeFromTheUrlIsUsed() {
		assertThat(resolve("r2dbc:postgresql://app@localhost/orders?preparedStatementCacheQueries=0").pooling()
			.unnamedStatements()).isTrue();
	}

	@Test
	void statementCacheSizeBelowMinusOneIsRefused() {
		this.properties.setStatementCacheSize(-5);
		assertThatExceptionOfType(InvalidDatabridgePropertyException.class)
			.isThrownBy(() -> resolve("postgresql://app@localhost/orders"))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("databridge.statement-cache-size");
				assertThat(ex.getValue()).isEqualTo("-5");
				assertThat(ex.getAction()).contains("0");
			});
	}

	@Test
	void statementTimeoutThroughATransactionPoolerIsRefusedWithTheRoleSettingThatReplacesIt() {
		this.properties.setStatementTimeout(Duration.ofSeconds(5));
		this.properties.setPooler(PoolerMode.TRANSACTION);
		assertThatExceptionOfType(InvalidDatabridgePropertyException.class)
			.isThrownBy(() -> resolve("postgresql://app:Hunter2@pgbouncer.internal:6432/orders"))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("databridge.statement-timeout");
				assertThat(ex.getReason()).contains("statement_timeout").contains("transaction");
				assertThat(ex.getAction())
					.contains("ALTER ROLE app IN DATABASE orders SET statement_timeout = '5000ms'")
					.contains("databridge.pooler=session");
				assertThat(ex.getMessage() + ex.getAction()).doesNotContain("Hunter2");
			});
	}

	@Test
	void schemaFromTheUrlThroughARecognisedPoolerIsRefusedNamingTheUrl() {
		assertThatExceptionOfType(InvalidDatabridgePropertyException.class)
			.isThrownBy(() -> resolve("jdbc:postgresql://ep-x-pooler.eu-central-1.aws.neon.tech/orders"
					+ "?currentSchema=billing&user=app"))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("databridge.url");
				assertThat(ex.getReason()).contains("Neon").contains("search_path");
				assertThat(ex.getAction()).contains("SET search_path = billing");
			});
	}

	@Test
	void serverOptionThroughATransactionPoolerIsRefusedNamingItsProperty() {
		this.properties.setOptions(Map.of("work_mem", "64MB"));
		this.properties.setPooler(PoolerMode.TRANSACTION);
		assertThatExceptionOfType(InvalidDatabridgePropertyException.class)
			.isThrownBy(() -> resolve("postgresql://app@pgbouncer.internal/orders"))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("databridge.options.work_mem");
				assertThat(ex.getAction()).contains("SET work_mem = '64MB'");
			});
	}

	@Test
	void sessionSettingsAreKeptThroughASessionPooler() {
		this.properties.setStatementTimeout(Duration.ofSeconds(5));
		ConnectionSettings settings = resolve("postgresql://app@aws-0-eu.pooler.supabase.com:5432/orders");
		assertThat(settings.pooling().mode()).isEqualTo(PoolerMode.SESSION);
		assertThat(settings.statementTimeout()).isEqualTo(Duration.ofSeconds(5));
	}

	private ConnectionSettings resolve(String url) {
		return new ConnectionSettingsResolver(this.properties, null).resolve(() -> url);
	}

}
