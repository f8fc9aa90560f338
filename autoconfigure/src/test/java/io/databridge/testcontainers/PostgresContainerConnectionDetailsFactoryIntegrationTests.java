package io.databridge.testcontainers;

import java.time.Duration;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeConnectionDetails;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.autoconfigure.InvalidDatabridgePropertyException;
import io.databridge.embedded.EmbeddedPostgresServer;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.test.TestDatabase;
import io.databridge.test.TestDatabaseContainer;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PostgresContainerConnectionDetailsFactory} and
 * {@link DeprecatedPostgresContainerConnectionDetailsFactory}: a
 * {@link ServiceConnection @ServiceConnection} container bean, standing for the real test
 * database, configures the Databridge pool.
 *
 * @author Databridge team
 */
class PostgresContainerConnectionDetailsFactoryIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String PASSWORD = "container s3cret+%";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ServiceConnectionAutoConfiguration.class, DatabridgeAutoConfiguration.class,
					DatabridgeDatabaseClientAutoConfiguration.class, R2dbcAutoConfiguration.class));

	@Test
	void serviceConnectionContainerConfiguresTheDatabridgePool() {
		this.contextRunner.withUserConfiguration(ContainerConfiguration.class).run((context) -> {
			ContainerConfiguration container = context.getBean(ContainerConfiguration.class);
			assertThat(context).hasSingleBean(DatabridgeConnectionDetails.class)
				.hasSingleBean(ConnectionFactory.class)
				.hasSingleBean(R2dbcConnectionDetails.class)
				.doesNotHaveBean(EmbeddedPostgresServer.class);
			assertThat(context.getBean(ConnectionFactory.class)).isInstanceOf(DatabridgeConnectionPool.class);
			DatabaseClient client = context.getBean(DatabaseClient.class);
			assertThat(query(client, "SELECT current_user")).isEqualTo(container.user);
			assertThat(query(client, "SELECT current_database()")).isEqualTo(container.database);
		});
	}

	@Test
	void containerWinsOverTheUrlPropertyWhileOtherSettingsStillApply() {
		this.contextRunner.withUserConfiguration(ContainerConfiguration.class)
			.withPropertyValues("databridge.url=postgresql://nobody:wrong@localhost:1/nowhere",
					"databridge.username=nobody", "databridge.password=wrong", "databridge.pool.size=2",
					"databridge.pool.name=containers", "databridge.options.work_mem=7MB")
			.run((context) -> {
				ContainerConfiguration container = context.getBean(ContainerConfiguration.class);
				assertThat(context.getBean(DatabridgeConnectionPool.class).getState().open()).isEqualTo(2);
				DatabaseClient client = context.getBean(DatabaseClient.class);
				assertThat(query(client, "SELECT current_user")).isEqualTo(container.user);
				assertThat(query(client, "SELECT current_setting('application_name')")).isEqualTo("containers");
				assertThat(query(client, "SELECT current_setting('work_mem')")).isEqualTo("7MB");
			});
	}

	@Test
	void containerOfTheDeprecatedClassAlsoConfiguresThePool() {
		this.contextRunner.withUserConfiguration(DeprecatedContainerConfiguration.class).run((context) -> {
			DeprecatedContainerConfiguration container = context.getBean(DeprecatedContainerConfiguration.class);
			assertThat(context).hasSingleBean(DatabridgeConnectionDetails.class)
				.hasSingleBean(DatabridgeConnectionPool.class);
			assertThat(query(context.getBean(DatabaseClient.class), "SELECT current_user")).isEqualTo(container.user);
		});
	}

	@Test
	void detailsNameTheirOriginWithoutThePassword() {
		this.contextRunner.withUserConfiguration(ContainerConfiguration.class).run((context) -> {
			DatabridgeConnectionDetails details = context.getBean(DatabridgeConnectionDetails.class);
			assertThat(details.getPassword()).isEqualTo(PASSWORD);
			assertThat(details).hasToString("DatabridgeConnectionDetails for Bean 'postgres' defined in "
					+ ContainerConfiguration.class.getName());
		});
	}

	@Test
	void unknownDatabridgePropertyIsRejectedWithAContainerToo() {
		this.contextRunner.withUserConfiguration(ContainerConfiguration.class)
			.withPropertyValues("databridge.pool.max-sizee=5")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidDatabridgePropertyException.class)
					.hasMessage("Invalid databridge.pool.max-sizee '5': Databridge has no such setting.");
			});
	}

	private static String query(DatabaseClient client, String sql) {
		return client.sql(sql).map((row) -> row.get(0, String.class)).one().block(TIMEOUT);
	}

	@Configuration(proxyBeanMethods = false)
	static class ContainerConfiguration {

		final String user = TestDatabase.get().createUser(PASSWORD);

		final String database = TestDatabase.get().createDatabase(this.user);

		@Bean
		@ServiceConnection
		TestDatabaseContainer postgres() {
			return new TestDatabaseContainer(TestDatabase.get(), this.database, this.user, PASSWORD);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DeprecatedContainerConfiguration {

		final String user = TestDatabase.get().createUser(PASSWORD);

		@Bean
		@ServiceConnection
		DeprecatedTestDatabaseContainer postgres() {
			return new DeprecatedTestDatabaseContainer(this.user);
		}

	}

	/**
	 * A never-started container of the class Testcontainers 2.x deprecates, standing for
	 * the test database.
	 */
	@SuppressWarnings({ "deprecation", "removal" })
	static class DeprecatedTestDatabaseContainer
			extends org.testcontainers.containers.PostgreSQLContainer<DeprecatedTestDatabaseContainer> {

		DeprecatedTestDatabaseContainer(String user) {
			super("postgres:18");
			withDatabaseName(TestDatabase.get().database()).withUsername(user).withPassword(PASSWORD);
		}

		@Override
		public String getHost() {
			return TestDatabase.get().host();
		}

		@Override
		public Integer getMappedPort(int originalPort) {
			return TestDatabase.get().port();
		}

		@Override
		public boolean isRunning() {
			return true;
		}

		@Override
		public void stop() {
		}

	}

}
