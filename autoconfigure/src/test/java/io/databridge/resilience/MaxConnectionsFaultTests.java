package io.databridge.resilience;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.error.DatabaseError;
import io.databridge.pool.ConnectionAcquireTimeoutException;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.test.RestartablePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault test: another client uses up the server's {@code max_connections}. A caller that
 * needs a new connection gets a clear error naming SQLSTATE 53300 within the acquire
 * timeout, the connections the pool already holds keep working, and once the other client
 * lets go, the pool grows again.
 *
 * @author Databridge team
 */
class MaxConnectionsFaultTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String PASSWORD = "hog-and-pool";

	private static final int MAX_CONNECTIONS = 10;

	private static final int RESERVED = 3;

	private static RestartablePostgres server;

	private final String applicationName = "full-" + System.nanoTime();

	@BeforeAll
	static void startServer() {
		server = RestartablePostgres.start(Map.of("max_connections", String.valueOf(MAX_CONNECTIONS),
				"superuser_reserved_connections", String.valueOf(RESERVED)));
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void exhaustedServerGivesAClearErrorAndThePoolRecovers() throws SQLException {
		String user = server.createUser(PASSWORD);
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
					DatabridgeDatabaseClientAutoConfiguration.class))
			.withPropertyValues(
					"databridge.url=postgresql://" + user + ":" + PASSWORD + "@localhost:" + server.port()
							+ "/postgres?sslmode=disable",
					"databridge.embedded.enabled=false", "databridge.application-name=" + this.applicationName,
					"databridge.pool.size=2", "databridge.pool.max-overflow=2", "databridge.pool.acquire-timeout=2s")
			.run((context) -> {
				DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
				List<Connection> hog = exhaust(user);
				assertThat(hog).hasSize(MAX_CONNECTIONS - RESERVED - 2);
				List<io.r2dbc.spi.Connection> held = Flux.range(0, 2)
					.flatMap((i) -> pool.create())
					.collectList()
					.block(TIMEOUT);
				long start = System.nanoTime();
				Throwable error = pool.create()
					.map(Object.class::cast)
					.onErrorResume(Mono::just)
					.cast(Throwable.class)
					.block(TIMEOUT);
				Duration waited = Duration.ofNanos(System.nanoTime() - start);
				assertThat(error).isInstanceOf(ConnectionAcquireTimeoutException.class)
					.hasMessageContaining("the last attempt to open one failed: too-many-connections (SQLSTATE 53300)");
				assertThat(DatabaseError.of(error.getCause()).sqlState()).isEqualTo("53300");
				assertThat(waited).isBetween(Duration.ofMillis(1500), Duration.ofMillis(3500));
				for (Connection connection : hog) {
					connection.close();
				}
				List<io.r2dbc.spi.Connection> more = Flux.range(0, 2)
					.flatMap((i) -> pool.create())
					.collectList()
					.block(TIMEOUT);
				assertThat(pool.getState().active()).isEqualTo(4);
				held.addAll(more);
				Flux.fromIterable(held).concatMap(io.r2dbc.spi.Connection::close).blockLast(TIMEOUT);
				FaultAssertions.assertServerClean(server::countConnections, this.applicationName, pool);
			});
	}

	private static List<Connection> exhaust(String user) throws SQLException {
		List<Connection> connections = new ArrayList<>();
		String url = "jdbc:postgresql://localhost:" + server.port() + "/postgres?sslmode=disable";
		while (connections.size() < MAX_CONNECTIONS) {
			try {
				connections.add(DriverManager.getConnection(url, user, PASSWORD));
			}
			catch (SQLException ex) {
				if ("53300".equals(ex.getSQLState())) {
					return connections;
				}
				throw ex;
			}
		}
		return connections;
	}

}
