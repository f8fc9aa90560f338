package io.databridge.test;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link RestartablePostgres} stopped and started again, rejecting wrong passwords and
 * counting connections.
 *
 * @author Databridge team
 */
class RestartablePostgresIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static RestartablePostgres postgres;

	@BeforeAll
	static void startServer() {
		postgres = RestartablePostgres.start(Map.of("max_connections", "20"));
	}

	@AfterAll
	static void closeServer() {
		postgres.close();
	}

	@Test
	void describesItself() {
		assertThat(postgres.isRunning()).isTrue();
		assertThat(postgres.host()).isEqualTo("localhost");
		assertThat(postgres.url()).isEqualTo("postgresql://postgres@localhost:" + postgres.port() + "/postgres");
		assertThat(postgres.serverLog()).isRegularFile();
		assertThat(postgres.queryLong("SELECT setting::bigint FROM pg_settings WHERE name = 'max_connections'"))
			.isEqualTo(20);
		assertThat(postgres
			.queryLong("SELECT count(*) FROM pg_settings WHERE name = 'log_connections' AND setting = 'on'")).isOne();
	}

	@Test
	void restartsOnTheSamePortWithTheSameData() throws Exception {
		postgres.execute("CREATE TABLE survivor (id int); INSERT INTO survivor VALUES (42)");
		int port = postgres.port();
		postgres.stop();
		assertThat(postgres.isRunning()).isFalse();
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect("postgres", null, "stopped").close());
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new Socket(postgres.host(), port).close());
		postgres.start();
		assertThat(postgres.isRunning()).isTrue();
		assertThat(postgres.port()).isEqualTo(port);
		assertThat(postgres.queryLong("SELECT id FROM survivor")).isEqualTo(42);
		assertThat(postgres.countLogLines("database system is ready to accept connections")).isGreaterThanOrEqualTo(2);
		postgres.execute("DROP TABLE survivor");
	}

	@Test
	void logsEachFailedPasswordAuthenticationOnce() throws Exception {
		String user = postgres.createUser("right-secret");
		String needle = "password authentication failed for user \"" + user + "\"";
		for (int attempt = 1; attempt <= 2; attempt++) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> connect(user, "wrong-secret", "wrong").close())
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
			int expected = attempt;
			await().atMost(TIMEOUT).until(() -> postgres.countLogLines(needle) >= expected);
			assertThat(postgres.countLogLines(needle)).isEqualTo(expected);
		}
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(user, null, "none").close());
		try (Connection connection = connect(user, "right-secret", "right")) {
			assertThat(connection.isValid(10)).isTrue();
		}
		assertThat(postgres.countLogLines(needle)).isEqualTo(2);
		assertThat(postgres.countLogLines("connection authorized: user=" + user)).isOne();
	}

	@Test
	void countsConnectionsByApplicationNameAndState() throws Exception {
		String applicationName = "count-" + System.nanoTime();
		assertThat(postgres.countConnections(applicationName, null)).isZero();
		try (Connection first = connect("postgres", null, applicationName)) {
			try (Connection second = connect("postgres", null, applicationName)) {
				assertThat(postgres.countConnections(applicationName, null)).isEqualTo(2);
				assertThat(postgres.countConnections(applicationName, "idle")).isEqualTo(2);
				assertThat(postgres.countConnections(applicationName, "active")).isZero();
			}
			await().atMost(TIMEOUT).until(() -> postgres.countConnections(applicationName, null) == 1);
			first.setAutoCommit(false);
			first.createStatement().execute("SELECT 1");
			assertThat(postgres.countConnections(applicationName, "idle in transaction")).isOne();
		}
		await().atMost(TIMEOUT).until(() -> postgres.countConnections(applicationName, null) == 0);
		assertThat(postgres.countConnections("databridge-tests-admin", null)).isZero();
	}

	@Test
	void closeStopsTheServerAndDeletesItsFiles() throws Exception {
		RestartablePostgres other = RestartablePostgres.start(Map.of());
		Path directory = other.serverLog().getParent();
		assertThat(other.port()).isNotEqualTo(postgres.port());
		assertThat(other.queryLong("SELECT 7")).isEqualTo(7);
		other.close();
		assertThat(other.isRunning()).isFalse();
		assertThat(Files.exists(directory)).isFalse();
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> new Socket(other.host(), other.port()).close());
	}

	private static Connection connect(String user, @Nullable String password, String applicationName)
			throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", user);
		if (password != null) {
			properties.setProperty("password", password);
		}
		properties.setProperty("ApplicationName", applicationName);
		properties.setProperty("connectTimeout", "10");
		properties.setProperty("socketTimeout", "30");
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres", properties);
	}

}
