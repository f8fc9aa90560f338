package io.databridge.transaction;

import java.time.Duration;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.test.TestDatabase;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CancellationSafeTransactionManager}: a transaction cancelled after its
 * connection was acquired and its {@code BEGIN} ran, but before the transaction reached
 * the code that would end it, gives its connection back. The window is widened on purpose
 * with a {@code prepareTransactionalConnection} that takes a while, the extension point
 * Spring offers for statements that run right after {@code BEGIN}.
 *
 * @author Databridge team
 */
class CancellationSafeTransactionManagerIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String PREPARE = "SELECT pg_sleep(3)";

	private final TestDatabase database = TestDatabase.get();

	private final String applicationName = "tx-cancel-" + System.nanoTime();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class))
		.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.embedded.enabled=false",
				"databridge.application-name=" + this.applicationName, "databridge.pool.size=1",
				"databridge.shutdown.timeout=200ms");

	@Test
	void transactionCancelledBetweenBeginAndItsWorkGivesItsConnectionBack() {
		this.contextRunner.run((context) -> {
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			cancelWhilePreparing(context.getBean(DatabaseClient.class), new SlowSafeManager(pool));
			await().atMost(Duration.ofSeconds(2)).until(() -> pool.getState().active() == 0);
			assertThat(this.database.countConnections(this.applicationName, "idle in transaction")).isZero();
			assertThat(context.getBean(DatabaseClient.class)
				.sql("SELECT 42")
				.map((row) -> row.get(0, Integer.class))
				.one()
				.block(TIMEOUT)).isEqualTo(42);
		});
	}

	@Test
	void springsOwnManagerKeepsTheConnectionOfSuchATransactionCheckedOut() {
		this.contextRunner.run((context) -> {
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			cancelWhilePreparing(context.getBean(DatabaseClient.class), new SlowSpringManager(pool));
			await().atMost(TIMEOUT).until(() -> this.database.countConnections(this.applicationName, "active") == 0);
			assertThat(pool.getState().active()).isEqualTo(1);
		});
	}

	private void cancelWhilePreparing(DatabaseClient client, R2dbcTransactionManager manager) {
		Disposable transaction = TransactionalOperator.create(manager)
			.transactional(client.sql("SELECT 1").then())
			.subscribe(null, (ex) -> {
			});
		await().atMost(TIMEOUT)
			.until(() -> this.database.queryLong("SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
					+ this.applicationName + "' AND query = '" + PREPARE + "' AND state = 'active'") == 1);
		transaction.dispose();
	}

	private static Mono<Void> slowPrepare(Connection connection) {
		return Flux.from(connection.createStatement(PREPARE).execute()).flatMap(Result::getRowsUpdated).then();
	}

	/**
	 * Databridge's manager, with a slow preparation of each new transaction.
	 */
	private static final class SlowSafeManager extends CancellationSafeTransactionManager {

		SlowSafeManager(ConnectionFactory connectionFactory) {
			super(connectionFactory);
		}

		@Override
		protected Mono<Void> prepareTransactionalConnection(Connection connection, TransactionDefinition definition) {
			return slowPrepare(connection);
		}

	}

	/**
	 * Spring's manager, with a slow preparation of each new transaction.
	 */
	private static final class SlowSpringManager extends R2dbcTransactionManager {

		SlowSpringManager(ConnectionFactory connectionFactory) {
			super(connectionFactory);
		}

		@Override
		protected Mono<Void> prepareTransactionalConnection(Connection connection, TransactionDefinition definition) {
			return slowPrepare(connection);
		}

	}

}
