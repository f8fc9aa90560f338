package io.databridge.docker.compose;

import java.time.Duration;
import java.util.Map;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeConnectionDetails;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.test.DockerComposeServiceInitializer;
import io.databridge.test.TestDatabase;
import io.databridge.test.TestDatabaseService;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PostgresDockerComposeConnectionDetailsFactory}: a Docker Compose
 * service announced as Spring Boot's Docker Compose support does, standing for the real
 * test database, configures the Databridge pool.
 *
 * @author Databridge team
 */
class PostgresDockerComposeConnectionDetailsFactoryIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String PASSWORD = "compose s3cret";

	private final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class))
		.withPropertyValues("databridge.embedded.enabled=false");

	@Test
	void postgresServiceConfiguresTheDatabridgePool() {
		String user = this.database.createUser(PASSWORD);
		String db = this.database.createDatabase(user);
		this.contextRunner.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class))
			.withInitializer(service(user, db))
			.run((context) -> {
				assertThat(context).hasSingleBean(DatabridgeConnectionDetails.class)
					.hasSingleBean(ConnectionFactory.class)
					.hasSingleBean(R2dbcConnectionDetails.class);
				assertThat(context.getBean(ConnectionFactory.class)).isInstanceOf(DatabridgeConnectionPool.class);
				DatabaseClient client = context.getBean(DatabaseClient.class);
				assertThat(query(client, "SELECT current_user")).isEqualTo(user);
				assertThat(query(client, "SELECT current_database()")).isEqualTo(db);
			});
	}

	@Test
	void serviceWinsOverTheUrlPropertyWhileOtherSettingsStillApply() {
		String user = this.database.createUser(PASSWORD);
		String db = this.database.createDatabase(user);
		this.contextRunner.withInitializer(service(user, db))
			.withPropertyValues("databridge.url=postgresql://nobody:wrong@localhost:1/nowhere",
					"databridge.pool.size=3", "databridge.pool.name=compose")
			.run((context) -> {
				assertThat(context.getBean(DatabridgeConnectionPool.class).getState().open()).isEqualTo(3);
				DatabaseClient client = context.getBean(DatabaseClient.class);
				assertThat(query(client, "SELECT current_user")).isEqualTo(user);
				assertThat(query(client, "SELECT current_setting('application_name')")).isEqualTo("compose");
			});
	}

	@Test
	void serviceConnectionLabelSelectsAnImageOfAnotherName() {
		String user = this.database.createUser(PASSWORD);
		TestDatabaseService service = new TestDatabaseService("db", "registry.example.com/team/pg:18",
				Map.of("POSTGRES_USER", user, "POSTGRES_PASSWORD", PASSWORD, "POSTGRES_DB", this.database.database()),
				Map.of("org.springframework.boot.service-connection", "postgres"));
		this.contextRunner.withInitializer(new DockerComposeServiceInitializer(service))
			.run((context) -> assertThat(query(context.getBean(DatabaseClient.class), "SELECT current_user"))
				.isEqualTo(user));
	}

	@Test
	void serviceOfAnotherImageIsIgnored() {
		TestDatabaseService service = new TestDatabaseService("cache", "redis:8", Map.of(), Map.of());
		this.contextRunner.withInitializer(new DockerComposeServiceInitializer(service))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(DatabridgeConnectionDetails.class)
				.doesNotHaveBean(ConnectionFactory.class));
	}

	@Test
	void detailsShowUrlAndUserButNeverThePassword() {
		String user = this.database.createUser(PASSWORD);
		String db = this.database.createDatabase(user);
		this.contextRunner.withInitializer(service(user, db)).run((context) -> {
			DatabridgeConnectionDetails details = context.getBean(DatabridgeConnectionDetails.class);
			assertThat(details.getPassword()).isEqualTo(PASSWORD);
			assertThat(details).hasToString("DatabridgeConnectionDetails[url=postgresql://" + this.database.host() + ":"
					+ this.database.port() + "/" + db + ", username=" + user + ", password=****]");
		});
	}

	private DockerComposeServiceInitializer service(String user, String db) {
		return new DockerComposeServiceInitializer(TestDatabaseService
			.postgres(Map.of("POSTGRES_USER", user, "POSTGRES_PASSWORD", PASSWORD, "POSTGRES_DB", db)));
	}

	private static String query(DatabaseClient client, String sql) {
		return client.sql(sql).map((row) -> row.get(0, String.class)).one().block(TIMEOUT);
	}

}
