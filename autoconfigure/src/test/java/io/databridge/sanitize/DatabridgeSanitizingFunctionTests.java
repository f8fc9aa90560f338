package io.databridge.sanitize;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DatabridgeSanitizingFunction}: what actuator shows of each kind of
 * value, with no application around it.
 *
 * @author Databridge team
 */
class DatabridgeSanitizingFunctionTests {

	private static final String SECRET = "Sup3r$ecret";

	private final DatabridgeSanitizingFunction function = new DatabridgeSanitizingFunction(() -> Set.of(SECRET));

	@Test
	void passwordPropertiesAreMaskedInEverySpelling() {
		for (String key : List.of("databridge.password", "DATABRIDGE_PASSWORD", "databridge.ssl.key-password",
				"databridge.ssl.keyPassword", "DATABRIDGE_SSL_KEYPASSWORD", "databridge.databases.reports.password",
				"databridge.replicas[0].password")) {
			assertThat(shown(key, "anything")).as(key).isEqualTo(SanitizableData.SANITIZED_VALUE);
		}
	}

	@Test
	void passwordInADatabaseUrlIsMaskedInEveryDialectLeavingTheRestReadable() {
		assertThat(shown("databridge.url", "postgresql://app:pa55@db.example.com:5432/orders?sslmode=require"))
			.isEqualTo("postgresql://app:****@db.example.com:5432/orders?sslmode=require");
		assertThat(shown("DATABASE_URL", "postgres://app:pa55@db.example.com/orders"))
			.isEqualTo("postgres://app:****@db.example.com/orders");
		assertThat(shown("spring.flyway.url", "jdbc:postgresql://db.example.com/orders?user=app&password=pa55"))
			.isEqualTo("jdbc:postgresql://db.example.com/orders?user=app&password=****");
		assertThat(shown("databridge.url", "r2dbc:postgresql://app:pa55@db.example.com/orders"))
			.isEqualTo("r2dbc:postgresql://app:****@db.example.com/orders");
		assertThat(shown("SQLALCHEMY_URL", "postgresql+asyncpg://app:pa55@db.example.com/orders"))
			.isEqualTo("postgresql+asyncpg://app:****@db.example.com/orders");
		assertThat(shown("sun.java.command", "app.jar --databridge.url=postgresql://app:pa55@db/orders"))
			.isEqualTo("app.jar --databridge.url=postgresql://app:****@db/orders");
	}

	@Test
	void anyValueContainingAConfiguredPasswordIsMaskedWhateverItsKey() {
		assertThat(shown("POSTGRES_PASSWORD", SECRET)).isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(shown("SPRING_APPLICATION_JSON", "{\"databridge\":{\"password\":\"" + SECRET + "\"}}"))
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
	}

	@Test
	void otherValuesAreShownAsTheyAre() {
		assertThat(shown("databridge.url", "postgresql://app@db.example.com/orders"))
			.isEqualTo("postgresql://app@db.example.com/orders");
		assertThat(shown("databridge.pool.size", 10)).isEqualTo(10);
		assertThat(shown("databridge.username", "app")).isEqualTo("app");
		assertThat(shown("management.endpoints.web.base-path", "/actuator")).isEqualTo("/actuator");
		assertThat(shown("app.homepage", "https://user:notours@example.com/"))
			.isEqualTo("https://user:notours@example.com/");
		assertThat(shown("spring.datasource.password", "not-databridge")).isEqualTo("not-databridge");
	}

	@Test
	void absentValuesStayAbsent() {
		assertThat(shown("databridge.password", null)).isNull();
	}

	private Object shown(String key, Object value) {
		SanitizableData data = new SanitizableData(new MapPropertySource("test", Map.of()), key, value);
		return this.function.apply(data).getValue();
	}

}
