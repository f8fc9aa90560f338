package io.databridge.testcontainers;

import java.time.Duration;

import javax.sql.DataSource;

import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.test.TestDatabase;
import io.databridge.test.TestDatabaseContainer;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a static {@link ServiceConnection @ServiceConnection} container field of a
 * {@link SpringBootTest @SpringBootTest}, the way users write container tests, configures
 * the Databridge pool with every auto-configuration on the classpath active. The
 * container stands for the test database, so no Docker is needed;
 * {@link PostgresContainerIntegrationTests} runs the same against a real container.
 *
 * @author Databridge team
 */
@SpringBootTest(properties = { "databridge.pool.name=containers", "spring.flyway.enabled=false",
		"spring.liquibase.enabled=false" })
class ServiceConnectionFieldIntegrationTests {

	private static final String PASSWORD = "field s3cret";

	private static final String USER = TestDatabase.get().createUser(PASSWORD);

	@ServiceConnection
	static final TestDatabaseContainer postgres = new TestDatabaseContainer(TestDatabase.get(),
			TestDatabase.get().database(), USER, PASSWORD);

	@Autowired
	private ApplicationContext context;

	@Autowired
	private DatabaseClient client;

	@Test
	void databridgePoolIsTheOnlyConnectionFactoryAndReachesTheContainer() {
		assertThat(this.context.getBeansOfType(ConnectionFactory.class)).hasSize(1)
			.allSatisfy((name, factory) -> assertThat(factory).isInstanceOf(DatabridgeConnectionPool.class));
		assertThat(this.context.getBeanNamesForType(DataSource.class)).isEmpty();
		assertThat(query("SELECT current_user")).isEqualTo(USER);
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
