package io.databridge.resilience;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeTransactionManagerAutoConfiguration;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.test.TestDatabase;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault test: a thousand subscribers cancelled at random points (waiting for a
 * connection, mid-query, mid-transaction, mid-stream) leak no connection, in the pool or
 * on the server, and leave no transaction open.
 *
 * @author Databridge team
 */
class CancellationFaultTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int SUBSCRIBERS = 1000;

	private final TestDatabase database = TestDatabase.get();

	private final String applicationName = "cancelled-" + System.nanoTime();

	private final String table = "cancelled_" + ProcessHandle.current().pid();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class, DatabridgeTransactionManagerAutoConfiguration.class,
				R2dbcTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class))
		.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.embedded.enabled=false",
				"databridge.application-name=" + this.applicationName, "databridge.pool.size=5",
				"databridge.pool.max-overflow=3", "databridge.pool.acquire-timeout=20s",
				"databridge.pool.leak-detection-threshold=5s");

	@Test
	void queriesCancelledAtRandomPointsLeakNoConnection() {
		cancelAtRandomPoints(0, 2);
	}

	@Test
	void transactionsCancelledAtRandomPointsLeakNoConnection() {
		cancelAtRandomPoints(1, 3);
	}

	private void cancelAtRandomPoints(int... kinds) {
		this.contextRunner.run((context) -> {
			DatabaseClient client = context.getBean(DatabaseClient.class);
			TransactionalOperator transactions = context.getBean(TransactionalOperator.class);
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			client.sql("CREATE TABLE IF NOT EXISTS " + this.table + " (id int)").then().block(TIMEOUT);
			CountDownLatch done = new CountDownLatch(SUBSCRIBERS);
			for (int i = 0; i < SUBSCRIBERS; i++) {
				Disposable subscription = work(kinds[i % kinds.length], i, client, transactions, pool)
					.doFinally((signal) -> done.countDown())
					.subscribe(null, (ex) -> {
					});
				long cancelAfter = ThreadLocalRandom.current().nextLong(0, 40);
				Mono.delay(Duration.ofMillis(cancelAfter)).subscribe((tick) -> subscription.dispose());
			}
			assertThat(done.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			await().atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(pool.getState().active()).isZero();
				assertThat(pool.getState().pending()).isZero();
			});
			assertThat(client.sql("SELECT 1").map((row) -> row.get(0, Integer.class)).one().block(TIMEOUT))
				.isEqualTo(1);
			FaultAssertions.assertServerClean(this.database::countConnections, this.applicationName, pool);
			assertThat(this.database.countConnections(this.applicationName, "active")).isZero();
		});
	}

	private Mono<?> work(int kind, int i, DatabaseClient client, TransactionalOperator transactions,
			DatabridgeConnectionPool pool) {
		return switch (kind) {
			case 0 ->
				client.sql("SELECT pg_sleep(0.01 * (random())), " + i).map((row) -> row.get(1, Integer.class)).one();
			case 1 -> transactions.transactional(client.sql("INSERT INTO " + this.table + " VALUES (" + i + ")")
				.then()
				.then(client.sql("SELECT pg_sleep(0.02)").then()));
			case 2 ->
				client.sql("SELECT generate_series(1, 5000)").map((row) -> row.get(0, Integer.class)).all().then();
			default -> Mono.usingWhen(pool.create(),
					(connection) -> Flux.from(connection.beginTransaction())
						.thenMany(Flux.from(connection.createStatement("SELECT pg_sleep(0.01)").execute()))
						.flatMap((result) -> result.getRowsUpdated())
						.then(),
					Connection::close);
		};
	}

}
