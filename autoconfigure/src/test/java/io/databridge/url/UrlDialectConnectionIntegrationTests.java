package io.databridge.url;

import java.time.Duration;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.test.TestDatabase;
import io.databridge.test.UrlEncoding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Connects to a real PostgreSQL through every URL dialect, as users whose scram-sha-256
 * passwords hold the characters URLs find hardest.
 *
 * @author Databridge team
 */
class UrlDialectConnectionIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String[] PASSWORDS = { "p@ss/wo:rd", "plus+sign", "100%sure", "what?now#", "with space",
			"all @/:+%? & = mixed ", "pässwörd-ü" };

	private static final Map<String, String> users = new LinkedHashMap<>();

	private static final Map<String, BiFunction<String, String, String>> DIALECTS = new LinkedHashMap<>();

	static {
		DIALECTS.put("postgresql://", (user, password) -> userInfoUrl("postgresql://", user, password, ""));
		DIALECTS.put("postgres://", (user, password) -> userInfoUrl("postgres://", user, password, ""));
		DIALECTS.put("postgresql:// with query credentials", (user, password) -> "postgresql://" + address() + "?user="
				+ user + "&password=" + UrlEncoding.percentEncode(password));
		DIALECTS.put("postgresql+asyncpg://",
				(user, password) -> userInfoUrl("postgresql+asyncpg://", user, password, "?ssl=prefer"));
		DIALECTS.put("postgresql+psycopg://", (user, password) -> userInfoUrl("postgresql+psycopg://", user, password,
				"?sslmode=prefer&application_name=psycopg"));
		DIALECTS.put("postgresql+psycopg2://",
				(user, password) -> userInfoUrl("postgresql+psycopg2://", user, password, ""));
		DIALECTS.put("postgres+asyncpg://", (user, password) -> userInfoUrl("postgres+asyncpg://", user, password, ""));
		DIALECTS.put("jdbc:postgresql://", (user, password) -> "jdbc:postgresql://" + address() + "?user=" + user
				+ "&password=" + UrlEncoding.formEncode(password) + "&sslmode=prefer");
		DIALECTS.put("r2dbc:postgresql://", (user, password) -> userInfoUrl("r2dbc:postgresql://", user, password, ""));
		DIALECTS.put("r2dbc:pool:postgresql://",
				(user, password) -> userInfoUrl("r2dbc:pool:postgresql://", user, password, ""));
	}

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class))
		.withPropertyValues("databridge.embedded.enabled=false", "databridge.pool.size=1");

	@BeforeAll
	static void createUsers() {
		for (String password : PASSWORDS) {
			users.put(password, TestDatabase.get().createUser(password));
		}
	}

	static Stream<Arguments> dialectsAndPasswords() {
		return DIALECTS.keySet()
			.stream()
			.flatMap((dialect) -> Stream.of(PASSWORDS).map((password) -> Arguments.of(dialect, password)));
	}

	@ParameterizedTest(name = "{0} as a user with password [{1}]")
	@MethodSource("dialectsAndPasswords")
	void everyDialectLogsInWithTheHostilePassword(String dialect, String password) {
		String user = users.get(password);
		String url = DIALECTS.get(dialect).apply(user, password);
		this.contextRunner.withPropertyValues("databridge.url=" + url)
			.run((context) -> assertThat(currentUser(context.getBean(DatabaseClient.class))).isEqualTo(user));
	}

	@ParameterizedTest(name = "password [{0}] from databridge.password")
	@MethodSource("passwords")
	void passwordPropertyLogsInWithTheHostilePassword(String password) {
		String user = users.get(password);
		Map<String, Object> properties = Map.of("databridge.url", "postgresql://" + address(), "databridge.username",
				user, "databridge.password", password);
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("untrimmed", properties)))
			.run((context) -> assertThat(currentUser(context.getBean(DatabaseClient.class))).isEqualTo(user));
	}

	@Test
	void wrongPasswordIsRefusedByTheServerAndNeverShown() {
		String user = users.get(PASSWORDS[0]);
		this.contextRunner.withPropertyValues("databridge.url=" + userInfoUrl("postgresql://", user, "not-it-9", ""))
			.run((context) -> assertThatException().isThrownBy(() -> currentUser(context.getBean(DatabaseClient.class)))
				.satisfies((ex) -> assertThat(ex).hasStackTraceContaining("28P01"))
				.satisfies((ex) -> assertThat(ex.toString()).doesNotContain("not-it-9")));
	}

	@Test
	void unixDomainSocketOfTheLocalServerIsReachable() {
		Path sockets = TestDatabase.get().socketDirectory();
		assumeTrue(sockets != null, "The Unix-domain socket of an external DATABRIDGE_TEST_URL server is unknown");
		this.contextRunner
			.withPropertyValues("databridge.url=postgresql:///" + TestDatabase.get().database() + "?host=" + sockets
					+ "&port=" + TestDatabase.get().port() + "&user=postgres")
			.run((context) -> assertThat(context.getBean(DatabaseClient.class)
				.sql("SELECT coalesce(inet_client_addr()::text, 'unix socket')")
				.map((row) -> row.get(0, String.class))
				.one()
				.block(TIMEOUT)).isEqualTo("unix socket"));
	}

	static Stream<String> passwords() {
		return Stream.of(PASSWORDS);
	}

	private static String userInfoUrl(String scheme, String user, String password, String query) {
		return scheme + user + ":" + UrlEncoding.percentEncode(password) + "@" + address() + query;
	}

	private static String address() {
		TestDatabase database = TestDatabase.get();
		return database.host() + ":" + database.port() + "/" + database.database();
	}

	private static String currentUser(DatabaseClient client) {
		return client.sql("SELECT current_user").map((row) -> row.get(0, String.class)).one().block(TIMEOUT);
	}

}
