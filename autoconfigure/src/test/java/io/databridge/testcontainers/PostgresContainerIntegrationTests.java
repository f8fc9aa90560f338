package io.databridge.testcontainers;

import java.time.Duration;

import javax.sql.DataSource;

import io.databridge.pool.DatabridgeConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the Databridge pool against a real PostgreSQL container declared as users do: a
 * static {@link Container @Container} {@link ServiceConnection @ServiceConnection} field.
 * Runs where Docker is available; elsewhere JUnit reports it skipped because
 * "disabledWithoutDocker is true and Docker is not available".
 *
 * @author Databridge team
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(properties = { "databridge.pool.name=containers", "spring.flyway.enabled=false",
		"spring.liquibase.enabled=false" })
class PostgresContainerIntegrationTests {

	@Container
	@ServiceConnection
	static final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:18-alpine");

	@Autowired
	private ApplicationContext context;

	@Autowired
	private DatabaseClient client;

	@Test
	void databridgePoolIsTheOnlyConnectionFactoryAndReachesTheContainer() {
		assertThat(this.context.getBeansOfType(ConnectionFactory.class)).hasSize(1)
			.allSatisfy((name, factory) -> assertThat(factory).isInstanceOf(DatabridgeConnectionPool.class));
		assertThat(this.context.getBeanNamesForType(DataSource.class)).isEmpty();
		assertThat(query("SELECT current_user")).isEqualTo(postgres.getUsername());
		assertThat(query("SELECT current_database()")).isEqualTo(postgres.getDatabaseName());
		assertThat(query("SELECT current_setting('application_name')")).isEqualTo("containers");
	}

	private String query(String sql) {
		return this.client.sql(sql).map((row) -> row.get(0, String.class)).one().block(Duration.ofSeconds(30));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
