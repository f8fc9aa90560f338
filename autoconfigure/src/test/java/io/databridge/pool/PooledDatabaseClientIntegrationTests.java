package io.databridge.pool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeTransactionManagerAutoConfiguration;
import io.databridge.test.TestDatabase;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Queries, transactions, batches and bursts through the pool Databridge builds, checked
 * against the server's own view in {@code pg_stat_activity}.
 *
 * @author Databridge team
 */
class PooledDatabaseClientIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final AtomicInteger tables = new AtomicInteger();

	private final TestDatabase database = TestDatabase.get();

	private final String applicationName = "pool-it-" + System.nanoTime();

	private final String table = "account_" + tables.incrementAndGet() + "_" + ProcessHandle.current().pid();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class, DatabridgeTransactionManagerAutoConfiguration.class,
				R2dbcTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class))
		.withPropertyValues("databridge.url=" + this.database.adminUrl(),
				"databridge.application-name=" + this.applicationName, "databridge.embedded.enabled=false");

	@Test
	void queriesWithBindParametersReturnRows() {
		this.contextRunner.run((context) -> {
			DatabaseClient client = context.getBean(DatabaseClient.class);
			createTable(client);
			client.sql("INSERT INTO " + this.table + " (owner, balance) VALUES (:owner, :balance)")
				.bind("owner", "ann")
				.bind("balance", 100)
				.fetch()
				.rowsUpdated()
				.block(TIMEOUT);
			StepVerifier
				.create(client.sql("SELECT balance FROM " + this.table + " WHERE owner = :owner")
					.bind("owner", "ann")
					.map((row) -> row.get(0, Integer.class))
					.one())
				.expectNext(100)
				.expectComplete()
				.verify(TIMEOUT);
		});
	}

	@Test
	void failedTransactionIsRolledBack() {
		this.contextRunner.run((context) -> {
			DatabaseClient client = context.getBean(DatabaseClient.class);
			TransactionalOperator transactions = context.getBean(TransactionalOperator.class);
			createTable(client);
			insert(client, "ann", 100).block(TIMEOUT);
			Mono<Void> transfer = client
				.sql("UPDATE " + this.table + " SET balance = balance - 150 WHERE owner = 'ann'")
				.then()
				.then(Mono.error(new IllegalStateException("insufficient funds")));
			StepVerifier.create(transactions.transactional(transfer))
				.expectErrorMessage("insufficient funds")
				.verify(TIMEOUT);
			assertThat(balance(client, "ann")).isEqualTo(100);
			assertThat(this.database.countConnections(this.applicationName, "idle in transaction")).isZero();
		});
	}

	@Test
	void committedTransactionIsVisible() {
		this.contextRunner.run((context) -> {
			DatabaseClient client = context.getBean(DatabaseClient.class);
			TransactionalOperator transactions = context.getBean(TransactionalOperator.class);
			createTable(client);
			transactions.transactional(insert(client, "bob", 5).then(insert(client, "cy", 7))).block(TIMEOUT);
			assertThat(balance(client, "bob") + balance(client, "cy")).isEqualTo(12);
		});
	}

	@Test
	void batchInsertsEveryRowInOneRoundTrip() {
		this.contextRunner.run((context) -> {
			DatabaseClient client = context.getBean(DatabaseClient.class);
			createTable(client);
			List<Long> updated = client.inConnectionMany((connection) -> {
				Statement statement = connection
					.createStatement("INSERT INTO " + this.table + " (owner, balance) VALUES ($1, $2)");
				for (int i = 0; i < 500; i++) {
					statement.bind(0, "owner-" + i).bind(1, i);
					if (i < 499) {
						statement.add();
					}
				}
				return Flux.from(statement.execute()).flatMap((result) -> result.getRowsUpdated());
			}).collectList().block(TIMEOUT);
			assertThat(updated).hasSize(500).allMatch((count) -> count == 1L);
			assertThat(this.database.queryLong("SELECT sum(balance) FROM " + this.table)).isEqualTo(124750L);
		});
	}

	@Test
	void burstOfConcurrentQueriesNeverExceedsSizePlusOverflowAndReturnsEveryConnection() {
		this.contextRunner.withPropertyValues("databridge.pool.size=4", "databridge.pool.max-overflow=6")
			.run((context) -> {
				DatabaseClient client = context.getBean(DatabaseClient.class);
				ServerConnectionSampler sampler = new ServerConnectionSampler(this.database, this.applicationName);
				Flux<Integer> burst = Flux.range(0, 200)
					.flatMap((i) -> client.sql("SELECT pg_sleep(0.02), :i")
						.bind("i", i)
						.map((row) -> row.get(1, Integer.class))
						.one(), 200);
				assertThat(burst.collectList().block(TIMEOUT)).hasSize(200);
				int peak = sampler.stop();
				assertThat(peak).isBetween(1, 10);
				assertThat(this.database.countConnections(this.applicationName, null)).isBetween(4, 10);
				assertThat(this.database.countConnections(this.applicationName, "active")).isZero();
				DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
				assertThat(pool.getState().active()).isZero();
				assertThat(pool.getState().pending()).isZero();
			});
	}

	@Test
	void overflowConnectionsCloseWhenIdleAndTheCoreConnectionsStay() {
		this.contextRunner
			.withPropertyValues("databridge.pool.size=2", "databridge.pool.max-overflow=3",
					"databridge.pool.idle-timeout=500ms")
			.run((context) -> {
				DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
				List<Connection> held = Flux.range(0, 5).flatMap((i) -> pool.create()).collectList().block(TIMEOUT);
				assertThat(this.database.countConnections(this.applicationName, null)).isEqualTo(5);
				Flux.fromIterable(held).flatMap(Connection::close).blockLast(TIMEOUT);
				awaitConnections(2);
				Thread.sleep(1500);
				assertThat(this.database.countConnections(this.applicationName, null)).isEqualTo(2);
			});
	}

	private void createTable(DatabaseClient client) {
		client.sql("CREATE TABLE " + this.table + " (owner text PRIMARY KEY, balance int NOT NULL)")
			.then()
			.block(TIMEOUT);
	}

	private Mono<Long> insert(DatabaseClient client, String owner, int balance) {
		return client.sql("INSERT INTO " + this.table + " (owner, balance) VALUES (:owner, :balance)")
			.bind("owner", owner)
			.bind("balance", balance)
			.fetch()
			.rowsUpdated();
	}

	private int balance(DatabaseClient client, String owner) {
		return client.sql("SELECT balance FROM " + this.table + " WHERE owner = :owner")
			.bind("owner", owner)
			.map((row) -> row.get(0, Integer.class))
			.one()
			.block(TIMEOUT);
	}

	private void awaitConnections(int expected) throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (this.database.countConnections(this.applicationName, null) != expected && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		assertThat(this.database.countConnections(this.applicationName, null)).isEqualTo(expected);
	}

}
