package io.databridge.autoconfigure;

import java.net.Socket;
import java.time.Duration;

import io.databridge.embedded.EmbeddedPostgresServer;
import io.databridge.test.TestDatabase;
import io.databridge.test.UrlEncoding;
import io.databridge.pool.DatabridgeConnectionPool;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link DatabridgeAutoConfiguration} against a real PostgreSQL.
 *
 * @author Databridge team
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabridgeAutoConfigurationIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class))
		.withPropertyValues("databridge.embedded.enabled=false");

	@Test
	void urlPropertyCreatesPooledConnectionFactoryWithDefaults() {
		this.contextRunner.withPropertyValues("databridge.url=" + this.database.adminUrl()).run((context) -> {
			assertThat(context).hasSingleBean(DatabridgeConnectionPool.class).hasSingleBean(DatabaseClient.class);
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			assertThat(pool.getState().max()).isEqualTo(20);
			assertThat(pool.getState().open()).isEqualTo(10);
			assertThat(queryString(context.getBean(DatabaseClient.class), "SELECT current_setting('application_name')"))
				.isEqualTo("databridge");
		});
	}

	@Test
	void poolPropertiesBindAndSizeThePool() {
		this.contextRunner.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.pool.size=3",
				"databridge.pool.max-overflow=4", "databridge.pool.acquire-timeout=5s", "databridge.pool.name=orders")
			.run((context) -> {
				DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
				assertThat(pool.getState().max()).isEqualTo(7);
				assertThat(pool.getState().open()).isEqualTo(3);
				assertThat(queryString(context.getBean(DatabaseClient.class),
						"SELECT current_setting('application_name')"))
					.isEqualTo("orders");
			});
	}

	@Test
	void applicationNameFallsBackToSpringApplicationName() {
		this.contextRunner
			.withPropertyValues("databridge.url=" + this.database.adminUrl(), "spring.application.name=billing")
			.run((context) -> assertThat(
					queryString(context.getBean(DatabaseClient.class), "SELECT current_setting('application_name')"))
				.isEqualTo("billing"));
	}

	@Test
	void applicationNamePropertyWinsOverTheUrl() {
		this.contextRunner
			.withPropertyValues("databridge.url=" + this.database.adminUrl() + "?application_name=from-url",
					"databridge.application-name=from-property")
			.run((context) -> assertThat(
					queryString(context.getBean(DatabaseClient.class), "SELECT current_setting('application_name')"))
				.isEqualTo("from-property"));
	}

	@Test
	void credentialsFromTheUrlAreUsedWhenNoPropertyIsSet() {
		String password = "url secret";
		String user = this.database.createUser(password);
		this.contextRunner.withPropertyValues("databridge.url=" + userUrl(user, password)).run((context) -> {
			assertThat(queryString(context.getBean(DatabaseClient.class), "SELECT current_user")).isEqualTo(user);
		});
	}

	@Test
	void usernameAndPasswordPropertiesWinOverTheUrl() {
		String password = "property secret";
		String user = this.database.createUser(password);
		this.contextRunner
			.withPropertyValues("databridge.url=" + userUrl("nobody", "wrong"), "databridge.username=" + user,
					"databridge.password=" + password)
			.run((context) -> assertThat(queryString(context.getBean(DatabaseClient.class), "SELECT current_user"))
				.isEqualTo(user));
	}

	@Test
	void serverOptionsFromUrlAndPropertiesAreMergedWithPropertiesWinning() {
		this.contextRunner
			.withPropertyValues(
					"databridge.url=" + this.database.adminUrl()
							+ "?options=-c%20work_mem%3D5MB%20-c%20lock_timeout%3D7s",
					"databridge.options.work_mem=6MB", "databridge.statement-timeout=9s")
			.run((context) -> {
				DatabaseClient client = context.getBean(DatabaseClient.class);
				assertThat(queryString(client, "SELECT current_setting('work_mem')")).isEqualTo("6MB");
				assertThat(queryString(client, "SELECT current_setting('lock_timeout')")).isEqualTo("7s");
				assertThat(queryString(client, "SELECT current_setting('statement_timeout')")).isEqualTo("9s");
			});
	}

	@Test
	void schemaPropertyLeadsTheSearchPath() {
		this.database.execute("CREATE SCHEMA IF NOT EXISTS reporting");
		this.contextRunner
			.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.schema=reporting")
			.run((context) -> assertThat(queryString(context.getBean(DatabaseClient.class), "SELECT current_schema()"))
				.isEqualTo("reporting"));
	}

	@Test
	void userConnectionFactoryMakesDatabridgeBackOff() {
		this.contextRunner.withPropertyValues("databridge.url=" + this.database.adminUrl())
			.withUserConfiguration(UserConnectionFactoryConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ConnectionFactory.class)
					.doesNotHaveBean(DatabridgeConnectionPool.class);
				assertThat(context.getBean(ConnectionFactory.class))
					.isSameAs(context.getBean(UserConnectionFactoryConfiguration.class).connectionFactory);
			});
	}

	@Test
	void springBootR2dbcAutoConfigurationBacksOff() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class))
			.withPropertyValues("databridge.url=" + this.database.adminUrl(),
					"spring.r2dbc.url=r2dbc:postgresql://localhost:1/ignored")
			.run((context) -> {
				assertThat(context).hasSingleBean(ConnectionFactory.class);
				assertThat(context.getBean(ConnectionFactory.class)).isInstanceOf(DatabridgeConnectionPool.class);
				assertThat(queryString(context.getBean(DatabaseClient.class), "SELECT 'databridge'"))
					.isEqualTo("databridge");
			});
	}

	@Test
	void driverCustomizersAdjustTheDriver() {
		this.contextRunner.withPropertyValues("databridge.url=" + this.database.adminUrl())
			.withBean(PostgresqlConnectionConfigurationBuilderCustomizer.class,
					() -> (builder) -> builder.applicationName("customized"))
			.run((context) -> {
				assertThat(queryString(context.getBean(DatabaseClient.class),
						"SELECT current_setting('application_name')"))
					.isEqualTo("customized");
			});
	}

	@Test
	void poolIsClosedWithTheContextAndLeavesNoServerConnection() {
		String applicationName = "closing-" + System.nanoTime();
		DatabridgeConnectionPool[] pool = new DatabridgeConnectionPool[1];
		this.contextRunner
			.withPropertyValues("databridge.url=" + this.database.adminUrl(),
					"databridge.application-name=" + applicationName, "databridge.pool.size=3")
			.run((context) -> {
				pool[0] = context.getBean(DatabridgeConnectionPool.class);
				pool[0].warmup().block(TIMEOUT);
				assertThat(this.database.countConnections(applicationName, null)).isEqualTo(3);
			});
		assertThat(pool[0].isDisposed()).isTrue();
		awaitConnections(applicationName, 0);
	}

	@Test
	void effectiveSettingsAreLoggedOnceWithThePasswordMasked(CapturedOutput output) {
		String password = "log-me-not";
		String user = this.database.createUser(password);
		this.contextRunner.withPropertyValues("databridge.url=" + userUrl(user, password), "databridge.pool.name=audit")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(DatabridgeConnectionPool.class);
			});
		assertThat(output).contains("[audit] PostgreSQL " + user + "@" + this.database.host())
			.contains("password=**** sslmode=prefer")
			.contains("pool size=10 max-overflow=10 acquire-timeout=PT30S")
			.doesNotContain(password);
		assertThat(output.toString().split("\\[audit\\] PostgreSQL", -1)).hasSize(2);
	}

	@Test
	void withoutUrlOrEmbeddedLibraryNothingIsCreated() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
					DatabridgeDatabaseClientAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("io.zonky"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ConnectionFactory.class)
				.doesNotHaveBean(DatabridgeConnectionDetails.class));
	}

	@Test
	void urlWinsOverTheEmbeddedFallback() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
					DatabridgeDatabaseClientAutoConfiguration.class))
			.withPropertyValues("databridge.url=" + this.database.adminUrl())
			.run((context) -> assertThat(context).hasSingleBean(DatabridgeConnectionPool.class)
				.doesNotHaveBean(EmbeddedPostgresServer.class));
	}

	@Test
	void embeddedFallbackCanBeTurnedOff() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(ConnectionFactory.class)
			.doesNotHaveBean(EmbeddedPostgresServer.class));
	}

	@Test
	void withoutUrlAnEmbeddedPostgresServesTheApplicationAndStopsWithIt() {
		int[] port = new int[1];
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
					DatabridgeDatabaseClientAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(EmbeddedPostgresServer.class)
					.hasSingleBean(DatabridgeConnectionPool.class);
				port[0] = context.getBean(EmbeddedPostgresServer.class).port();
				assertThat(queryString(context.getBean(DatabaseClient.class), "SELECT current_database()"))
					.isEqualTo("postgres");
			});
		assertThatException().isThrownBy(() -> new Socket("localhost", port[0]).close());
	}

	private String userUrl(String user, String password) {
		return "postgresql://" + UrlEncoding.percentEncode(user) + ":" + UrlEncoding.percentEncode(password) + "@"
				+ this.database.host() + ":" + this.database.port() + "/" + this.database.database();
	}

	private void awaitConnections(String applicationName, int expected) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (this.database.countConnections(applicationName, null) != expected && System.nanoTime() < deadline) {
			sleep(50);
		}
		assertThat(this.database.countConnections(applicationName, null)).isEqualTo(expected);
	}

	static String queryString(DatabaseClient client, String sql) {
		return client.sql(sql).map((row) -> row.get(0, String.class)).one().block(TIMEOUT);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class UserConnectionFactoryConfiguration {

		final ConnectionFactory connectionFactory = new PostgresqlConnectionFactory(
				PostgresqlConnectionConfiguration.builder().host("localhost").username("user").build());

		@Bean
		ConnectionFactory userConnectionFactory() {
			return this.connectionFactory;
		}

	}

}
