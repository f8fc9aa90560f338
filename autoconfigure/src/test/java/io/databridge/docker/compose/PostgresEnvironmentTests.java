package io.databridge.docker.compose;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link PostgresEnvironment}.
 *
 * @author Databridge team
 */
class PostgresEnvironmentTests {

	@Test
	void officialImageVariablesAreRead() {
		PostgresEnvironment environment = new PostgresEnvironment("db",
				Map.of("POSTGRES_USER", "app", "POSTGRES_PASSWORD", "secret", "POSTGRES_DB", "orders"));
		assertThat(environment.username()).isEqualTo("app");
		assertThat(environment.password()).isEqualTo("secret");
		assertThat(environment.database()).isEqualTo("orders");
	}

	@Test
	void postgresqlSpellingsAreRead() {
		PostgresEnvironment environment = new PostgresEnvironment("db",
				Map.of("POSTGRESQL_USERNAME", "app", "POSTGRESQL_PASSWORD", "secret", "POSTGRESQL_DATABASE", "orders"));
		assertThat(environment.username()).isEqualTo("app");
		assertThat(environment.password()).isEqualTo("secret");
		assertThat(environment.database()).isEqualTo("orders");
	}

	@Test
	void userDefaultsToPostgresAndDatabaseToTheUser() {
		PostgresEnvironment environment = new PostgresEnvironment("db", Map.of("POSTGRES_PASSWORD", "secret"));
		assertThat(environment.username()).isEqualTo("postgres");
		assertThat(environment.database()).isEqualTo("postgres");
		PostgresEnvironment app = new PostgresEnvironment("db",
				Map.of("POSTGRES_USER", "app", "POSTGRES_PASSWORD", "secret"));
		assertThat(app.database()).isEqualTo("app");
	}

	@Test
	void trustAuthenticationNeedsNoPassword() {
		PostgresEnvironment environment = new PostgresEnvironment("db",
				Map.of("POSTGRES_HOST_AUTH_METHOD", "trust", "POSTGRES_PASSWORD", "ignored"));
		assertThat(environment.password()).isNull();
	}

	@Test
	void allowEmptyPasswordNeedsNoPassword() {
		PostgresEnvironment environment = new PostgresEnvironment("db", Map.of("ALLOW_EMPTY_PASSWORD", "yes"));
		assertThat(environment.password()).isNull();
	}

	@Test
	void missingPasswordIsReportedWithTheFix() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new PostgresEnvironment("db", Map.of("POSTGRES_USER", "app")))
			.withMessage("Docker Compose service 'db' sets no PostgreSQL password: set POSTGRES_PASSWORD in its "
					+ "environment, or POSTGRES_HOST_AUTH_METHOD=trust to log in without one");
	}

}
