package io.databridge.autoconfigure;

import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import io.databridge.embedded.EmbeddedPostgresServer;
import io.databridge.test.DockerComposeServiceInitializer;
import io.databridge.test.TestDatabase;
import io.databridge.test.TestDatabaseContainer;
import io.databridge.test.TestDatabaseService;
import io.databridge.test.UrlEncoding;
import liquibase.integration.spring.SpringLiquibase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseConnectionDetails;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DatabridgeMigrationAutoConfiguration}: Flyway and Liquibase migrate
 * the database of the Databridge pool, a real PostgreSQL, with no JDBC URL configured.
 * Each migration records who ran it and under which application name.
 *
 * @author Databridge team
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabridgeMigrationAutoConfigurationIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String PASSWORD = "migrate s3cret&+";

	private static final String PROBE = "SELECT migrated_by || ' ' || application FROM migration_probe";

	private final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class, DatabridgeMigrationAutoConfiguration.class,
				R2dbcAutoConfiguration.class, DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
		.withPropertyValues("databridge.embedded.enabled=false",
				"spring.flyway.locations=classpath:db/databridge-flyway", "spring.liquibase.enabled=false");

	@Test
	void flywayMigratesTheDatabridgeDatabaseAsTheDatabridgeUser() {
		String user = this.database.createUser(PASSWORD);
		String db = this.database.createDatabase(user);
		this.contextRunner.withPropertyValues("databridge.url=" + url(user, db), "databridge.application-name=orders")
			.run((context) -> {
				assertThat(context).hasSingleBean(Flyway.class).doesNotHaveBean(DataSource.class);
				assertThat(probe(context)).isEqualTo(user + " orders");
			});
	}

	@Test
	void flywayDetailsCarryTheDerivedJdbcUrlAndAreLoggedWithoutThePassword(CapturedOutput output) {
		String user = this.database.createUser(PASSWORD);
		String db = this.database.createDatabase(user);
		this.contextRunner
			.withPropertyValues("databridge.url=" + url(user, db) + "?sslmode=disable&connect_timeout=4",
					"databridge.pool.name=orders", "databridge.schema=public", "databridge.options.work_mem=6MB")
			.run((context) -> {
				String jdbcUrl = "jdbc:postgresql://" + this.database.host() + ":" + this.database.port() + "/" + db
						+ "?sslmode=disable&ApplicationName=orders&connectTimeout=4&currentSchema=public"
						+ "&options=-c+work_mem%3D6MB&prepareThreshold=0";
				FlywayConnectionDetails details = context.getBean(FlywayConnectionDetails.class);
				assertThat(details.getJdbcUrl()).isEqualTo(jdbcUrl);
				assertThat(details.getUsername()).isEqualTo(user);
				assertThat(details.getPassword()).isEqualTo(PASSWORD);
				assertThat(details.getDriverClassName()).isEqualTo("org.postgresql.Driver");
				assertThat(context.getBean(JdbcConnectionDetails.class).getJdbcUrl()).isEqualTo(jdbcUrl);
				assertThat(output)
					.contains("[orders] Flyway migrations use " + jdbcUrl + " as " + user + " (password ****)");
				assertThat(output).doesNotContain(PASSWORD).doesNotContain(UrlEncoding.formEncode(PASSWORD));
			});
	}

	@Test
	void flywayUserAndPasswordReplaceTheDatabridgeCredentials() {
		String owner = this.database.createUser(PASSWORD);
		String db = this.database.createDatabase(owner);
		String application = this.database.createUser("app secret");
		this.contextRunner
			.withPropertyValues("databridge.url=" + url(application, "app secret", db), "spring.flyway.user=" + owner,
					"spring.flyway.password=" + PASSWORD)
			.run((context) -> {
				assertThat(probe(context)).isEqualTo(owner + " databridge");
				assertThat(query(context, "SELECT current_user")).isEqualTo(application);
			});
	}

	@Test
	void flywayUrlPropertyLeavesFlywayToSpringBoot() {
		String user = this.database.createUser(PASSWORD);
		String db = this.database.createDatabase(user);
		String jdbcUrl = "jdbc:postgresql://" + this.database.host() + ":" + this.database.port() + "/" + db
				+ "?ApplicationName=by-hand";
		this.contextRunner
			.withPropertyValues("databridge.url=" + url(user, db), "spring.flyway.url=" + jdbcUrl,
					"spring.flyway.user=" + user, "spring.flyway.password=" + PASSWORD)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MigrationConnectionDetails.class);
				assertThat(context.getBean(FlywayConnectionDetails.class).getJdbcUrl()).isEqualTo(jdbcUrl);
				assertThat(probe(context)).isEqualTo(user + " by-hand");
			});
	}

	@Test
	void flywayMigratesTheEmbeddedDefaultDatabase() {
		this.contextRunner.withPropertyValues("databridge.embedded.enabled=true").run((context) -> {
			int port = context.getBean(EmbeddedPostgresServer.class).port();
			assertThat(context.getBean(FlywayConnectionDetails.class).getJdbcUrl())
				.isEqualTo("jdbc:postgresql://localhost:" + port
						+ "/postgres?sslmode=prefer&ApplicationName=databridge&connectTimeout=10");
			assertThat(probe(context)).isEqualTo("postgres databridge");
		});
	}

	@Test
	void containerServiceConnectionLeavesFlywayToTheContainersOwnDetails() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ServiceConnectionAutoConfiguration.class))
			.withUserConfiguration(ContainerConfiguration.class)
			.run((context) -> {
				ContainerConfiguration container = context.getBean(ContainerConfiguration.class);
				assertThat(context).doesNotHaveBean(MigrationConnectionDetails.class);
				assertThat(probe(context)).isEqualTo(container.user + " PostgreSQL JDBC Driver");
			});
	}

	@Test
	void dockerComposeServiceLeavesFlywayToTheServicesOwnDetails() {
		String user = this.database.createUser(PASSWORD);
		String db = this.database.createDatabase(user);
		this.contextRunner
			.withInitializer(new DockerComposeServiceInitializer(TestDatabaseService
				.postgres(Map.of("POSTGRES_USER", user, "POSTGRES_PASSWORD", PASSWORD, "POSTGRES_DB", db))))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MigrationConnectionDetails.class);
				assertThat(probe(context)).isEqualTo(user + " PostgreSQL JDBC Driver");
			});
	}

	@Test
	void unixSocketConnectionEndsStartupWithTheFix() {
		this.contextRunner
			.withPropertyValues("databridge.url=postgresql:///postgres?host=/var/run/postgresql&user=postgres",
					"databridge.startup.mode=lazy")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidDatabridgePropertyException.class)
					.hasMessage("Invalid databridge.url '/var/run/postgresql/.s.PGSQL.5432': Flyway and Liquibase "
							+ "connect through pgjdbc, which cannot reach a Unix-domain socket without a socket "
							+ "factory of its own.");
			});
	}

	@Test
	void applicationDataSourceMakesDatabridgeBackOff() {
		this.contextRunner.withPropertyValues("databridge.url=" + this.database.adminUrl())
			.withUserConfiguration(DataSourceConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(Flyway.class)
				.doesNotHaveBean(MigrationConnectionDetails.class));
	}

	@Test
	void withoutPgjdbcNothingIsContributed() {
		this.contextRunner.withPropertyValues("databridge.url=" + this.database.adminUrl())
			.withClassLoader(new FilteredClassLoader("org.postgresql"))
			.run((context) -> assertThat(context).hasSingleBean(DatabridgeSettings.class)
				.doesNotHaveBean(MigrationConnectionDetails.class)
				.doesNotHaveBean(Flyway.class));
	}

	@Test
	void withoutFlywayOrLiquibaseNoJdbcConnectionDetailsAreExposed() {
		this.contextRunner.withPropertyValues("databridge.url=" + this.database.adminUrl())
			.withClassLoader(new FilteredClassLoader(Flyway.class, SpringLiquibase.class))
			.run((context) -> assertThat(context).hasSingleBean(DatabridgeSettings.class)
				.doesNotHaveBean(JdbcConnectionDetails.class));
	}

	@Test
	void disabledFlywayNeedsNoJdbcConnectionDetails() {
		this.contextRunner
			.withPropertyValues("databridge.url=" + this.database.adminUrl(), "spring.flyway.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(DatabridgeSettings.class)
				.doesNotHaveBean(JdbcConnectionDetails.class));
	}

	@Test
	void liquibaseMigratesTheDatabridgeDatabaseAsTheDatabridgeUser(CapturedOutput output) {
		String user = this.database.createUser(PASSWORD);
		String db = this.database.createDatabase(user);
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
					DatabridgeDatabaseClientAutoConfiguration.class, DatabridgeMigrationAutoConfiguration.class,
					LiquibaseAutoConfiguration.class))
			.withPropertyValues("databridge.url=" + url(user, db), "databridge.application-name=orders",
					"spring.liquibase.change-log=classpath:db/databridge-liquibase/changelog.sql",
					"spring.liquibase.analytics-enabled=false", "spring.flyway.enabled=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(SpringLiquibase.class)
					.hasSingleBean(MigrationConnectionDetails.Liquibase.class);
				assertThat(context.getBean(LiquibaseConnectionDetails.class).getJdbcUrl())
					.isEqualTo(context.getBean(JdbcConnectionDetails.class).getJdbcUrl());
				assertThat(probe(context)).isEqualTo(user + " orders");
				assertThat(output).contains("[databridge] Liquibase migrations use jdbc:postgresql://")
					.doesNotContain(PASSWORD);
			});
	}

	private String url(String user, String db) {
		return url(user, PASSWORD, db);
	}

	private String url(String user, String password, String db) {
		return "postgresql://" + user + ":" + UrlEncoding.percentEncode(password) + "@" + this.database.host() + ":"
				+ this.database.port() + "/" + db;
	}

	private static String probe(AssertableApplicationContext context) {
		return query(context, PROBE);
	}

	private static String query(AssertableApplicationContext context, String sql) {
		return context.getBean(DatabaseClient.class)
			.sql(sql)
			.map((row) -> row.get(0, String.class))
			.one()
			.block(TIMEOUT);
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
	static class DataSourceConfiguration {

		@Bean
		DataSource dataSource() {
			TestDatabase database = TestDatabase.get();
			String user = database.createUser(PASSWORD);
			String db = database.createDatabase(user);
			return new SimpleDriverDataSource(new org.postgresql.Driver(),
					"jdbc:postgresql://" + database.host() + ":" + database.port() + "/" + db, user, PASSWORD);
		}

	}

}
