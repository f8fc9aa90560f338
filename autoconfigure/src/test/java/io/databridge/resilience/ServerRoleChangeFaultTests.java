package io.databridge.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeTransactionManagerAutoConfiguration;
import io.databridge.test.RestartablePostgres;
import io.r2dbc.spi.R2dbcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault test: two real servers, and the application given both with
 * {@code target_session_attrs=read-write}. While the pool holds connections to the server
 * that accepts writes, the servers swap roles without a restart (one made read-only with
 * {@code default_transaction_read_only}, the other made writable), so that no connection
 * breaks. The pool checks a pooled connection's role when it matters: a connection idle
 * past the validation interval is asked before it is handed out, and the first write
 * refused as read-only retires the connections to the demoted server. A write refused
 * inside the application's own read-only transaction retires nothing.
 *
 * @author Databridge team
 */
@ExtendWith(OutputCaptureExtension.class)
class ServerRoleChangeFaultTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String USER = "role_writer";

	private static final String PASSWORD = "R0le-Pa55";

	private static final int POOL_SIZE = 3;

	private static RestartablePostgres first;

	private static RestartablePostgres second;

	@BeforeAll
	static void startServers() {
		first = RestartablePostgres.start(Map.of());
		second = RestartablePostgres.start(Map.of());
		for (RestartablePostgres server : new RestartablePostgres[] { first, second }) {
			server.execute("SET password_encryption = 'scram-sha-256'; CREATE ROLE " + USER + " LOGIN PASSWORD '"
					+ PASSWORD + "'; CREATE TABLE event (id serial PRIMARY KEY, note text NOT NULL); "
					+ "GRANT ALL ON event, event_id_seq TO " + USER);
		}
	}

	@AfterAll
	static void stopServers() {
		if (second != null) {
			second.close();
		}
		if (first != null) {
			first.close();
		}
	}

	@BeforeEach
	void firstAcceptsWrites() {
		for (RestartablePostgres server : new RestartablePostgres[] { first, second }) {
			server.execute("BEGIN READ WRITE; TRUNCATE event; COMMIT");
		}
		writable(first, true);
		writable(second, false);
	}

	@Test
	void firstWriteRefusedAsReadOnlyMovesTheOthersToTheServerThatAcceptsWrites(CapturedOutput output) {
		contextRunner("databridge.pool.validation-interval=1h").run((context) -> {
			assertThat(context).hasNotFailed();
			DatabaseClient client = context.getBean(DatabaseClient.class);
			for (int i = 0; i < 10; i++) {
				assertThat(insert(client, "before").block(TIMEOUT)).isEqualTo(1L);
			}
			assertThat(first.queryLong("SELECT count(*) FROM event")).isEqualTo(10);
			swapRoles();
			AtomicInteger refused = new AtomicInteger();
			int written = 0;
			for (int i = 0; i < 20; i++) {
				Long rows = insert(client, "after").onErrorResume((ex) -> {
					assertThat(sqlState(ex)).isEqualTo("25006");
					refused.incrementAndGet();
					return Mono.empty();
				}).block(TIMEOUT);
				written += (rows != null) ? rows.intValue() : 0;
			}
			assertThat(refused).hasValue(1);
			assertThat(written).isEqualTo(19);
			assertThat(second.queryLong("SELECT count(*) FROM event WHERE note = 'after'")).isEqualTo(19);
			assertThat(first.queryLong("SELECT count(*) FROM event")).isEqualTo(10);
			assertThat(output).contains(
					"The server refused a write as read-only (\"cannot execute INSERT in a read-only transaction\" (SQLSTATE 25006))")
				.contains("so that new ones go to the server that accepts writes");
		});
	}

	@Test
	void idleConnectionsAreAskedForTheirRoleBeforeTheyAreHandedOut() {
		contextRunner("databridge.pool.validation-interval=50ms").run((context) -> {
			assertThat(context).hasNotFailed();
			DatabaseClient client = context.getBean(DatabaseClient.class);
			assertThat(insert(client, "before").block(TIMEOUT)).isEqualTo(1L);
			swapRoles();
			Thread.sleep(200);
			for (int i = 0; i < 20; i++) {
				assertThat(insert(client, "after").block(TIMEOUT)).isEqualTo(1L);
			}
			assertThat(second.queryLong("SELECT count(*) FROM event WHERE note = 'after'")).isEqualTo(20);
			assertThat(first.queryLong("SELECT count(*) FROM event WHERE note = 'after'")).isZero();
		});
	}

	@Test
	void writeRefusedInTheApplicationsOwnReadOnlyTransactionRetiresNothing(CapturedOutput output) {
		contextRunner("databridge.pool.validation-interval=1h").run((context) -> {
			assertThat(context).hasNotFailed();
			DatabaseClient client = context.getBean(DatabaseClient.class);
			assertThat(insert(client, "before").block(TIMEOUT)).isEqualTo(1L);
			int backends = first.countConnections("role-change", null);
			assertThat(backends).isPositive();
			DefaultTransactionDefinition readOnly = new DefaultTransactionDefinition();
			readOnly.setReadOnly(true);
			TransactionalOperator operator = TransactionalOperator
				.create(context.getBean(ReactiveTransactionManager.class), readOnly);
			for (int i = 0; i < 5; i++) {
				assertThat(insert(client, "mistake").as(operator::transactional)
					.map((rows) -> "written")
					.onErrorResume((ex) -> Mono.just(sqlState(ex)))
					.block(TIMEOUT)).isEqualTo("25006");
			}
			assertThat(insert(client, "after").block(TIMEOUT)).isEqualTo(1L);
			assertThat(first.countConnections("role-change", null)).isEqualTo(backends);
			assertThat(output).doesNotContain("The server refused a write as read-only");
		});
	}

	private ApplicationContextRunner contextRunner(String... properties) {
		String url = "postgresql://" + USER + ":" + PASSWORD + "@localhost:" + first.port() + ",localhost:"
				+ second.port() + "/postgres?target_session_attrs=read-write";
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class, DatabridgeTransactionManagerAutoConfiguration.class))
			.withPropertyValues("databridge.embedded.enabled=false", "databridge.url=" + url,
					"databridge.pool.size=" + POOL_SIZE, "databridge.pool.max-overflow=0",
					"databridge.pool.acquire-timeout=10s", "databridge.application-name=role-change")
			.withPropertyValues(properties);
	}

	private static String sqlState(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof R2dbcException r2dbc) {
				return r2dbc.getSqlState();
			}
		}
		return "none in " + failure;
	}

	private static Mono<Long> insert(DatabaseClient client, String note) {
		return client.sql("INSERT INTO event (note) VALUES (:note)").bind("note", note).fetch().rowsUpdated();
	}

	/**
	 * Makes the first server read-only and the second writable, for sessions already open
	 * as for new ones, and waits until both say so.
	 */
	private static void swapRoles() {
		writable(first, false);
		writable(second, true);
	}

	private static void writable(RestartablePostgres server, boolean writable) {
		server.execute("ALTER SYSTEM SET default_transaction_read_only = " + (writable ? "off" : "on")
				+ "; SELECT pg_reload_conf()");
		long expected = writable ? 0 : 1;
		await().atMost(TIMEOUT)
			.until(() -> server
				.queryLong("SELECT current_setting('default_transaction_read_only')::bool::int") == expected);
	}

}
