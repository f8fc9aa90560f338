package io.databridge.pool;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeTransactionManagerAutoConfiguration;
import io.databridge.test.EvictionCounter;
import io.databridge.test.TestDatabase;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every way an application stops reading a result early ({@code first()}, {@code next()},
 * {@code take(n)}, {@code limitRate} and cancel, a timeout, an error mid-stream, inside a
 * transaction) gives its connection back to the pool for the next caller: the server sees
 * the same backends before and after hundreds of such calls, and every answer is the one
 * asked for.
 *
 * @author Databridge team
 */
class CancelledReadReuseIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int CALLS = 300;

	private static final int POOL_SIZE = 2;

	private final TestDatabase database = TestDatabase.get();

	private final String applicationName = "reuse-" + System.nanoTime();

	private final EvictionCounter counter = new EvictionCounter();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class, DatabridgeTransactionManagerAutoConfiguration.class,
				R2dbcTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class))
		.withBean(PoolListener.class, () -> this.counter)
		.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.embedded.enabled=false",
				"databridge.application-name=" + this.applicationName, "databridge.pool.size=" + POOL_SIZE,
				"databridge.pool.max-overflow=0", "databridge.pool.acquire-timeout=5s");

	@Test
	void firstReusesTheConnection() {
		assertReused((client, i) -> client.sql("SELECT n FROM generate_series(:i, :i + 9) AS n")
			.bind("i", i)
			.map((row) -> row.get(0, Integer.class))
			.first(), (i) -> i);
	}

	@Test
	void firstWithoutBindParametersReusesTheConnection() {
		assertReused((client, i) -> client.sql("SELECT n FROM generate_series(" + i + ", " + i + " + 9) AS n")
			.map((row) -> row.get(0, Integer.class))
			.first(), (i) -> i);
	}

	@Test
	void takeOfAStreamReusesTheConnection() {
		assertReused((client, i) -> client.sql("SELECT n FROM generate_series(1, 1000) AS n WHERE n > :i")
			.bind("i", i)
			.map((row) -> row.get(0, Integer.class))
			.all()
			.take(3)
			.reduce(0, Integer::sum), (i) -> 3 * i + 6);
	}

	@Test
	void limitRateThenCancelReusesTheConnection() {
		assertReused((client, i) -> client.sql("SELECT n FROM generate_series(1, 5000) AS n")
			.map((row) -> row.get(0, Integer.class))
			.all()
			.limitRate(7)
			.skip(i % 50)
			.next(), (i) -> 1 + i % 50);
	}

	@Test
	void cursoredReadCancelledPartWayReusesTheConnection() {
		assertReused((client, i) -> client.sql("SELECT n FROM generate_series(1, 20000) AS n WHERE n > :i")
			.bind("i", i)
			.filter((statement) -> statement.fetchSize(100))
			.map((row) -> row.get(0, Integer.class))
			.all()
			.elementAt(150), (i) -> i + 151);
	}

	@Test
	void errorMidStreamReusesTheConnection() {
		assertReused(
				(client, i) -> client.sql("SELECT 10 / (3 - n) FROM generate_series(1, 5) AS n")
					.map((row) -> row.get(0, Integer.class))
					.all()
					.collectList()
					.map(List::size)
					.onErrorResume((ex) -> client.sql("SELECT " + i).map((row) -> row.get(0, Integer.class)).one()),
				(i) -> i);
	}

	@Test
	void firstInsideATransactionReusesTheConnectionAndCommits() {
		this.contextRunner.run((context) -> {
			DatabaseClient client = context.getBean(DatabaseClient.class);
			TransactionalOperator transactions = context.getBean(TransactionalOperator.class);
			String table = "reuse_tx_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
			client.sql("CREATE TABLE " + table + " (id int PRIMARY KEY)").then().block(TIMEOUT);
			assertReused(context,
					(c, i) -> transactions.transactional(c.sql("INSERT INTO " + table + " VALUES (:i)")
						.bind("i", i)
						.then()
						.then(c.sql("SELECT id FROM " + table + " WHERE id <= :i ORDER BY id DESC")
							.bind("i", i)
							.map((row) -> row.get(0, Integer.class))
							.first())),
					(i) -> i);
			assertThat(this.database.queryLong("SELECT count(*) FROM " + table)).isEqualTo(2 * CALLS + 1);
		});
	}

	@Test
	void timeoutOfAShortStatementReusesTheConnection() {
		this.contextRunner.run((context) -> {
			DatabaseClient client = context.getBean(DatabaseClient.class);
			assertReused(context, (c, i) -> c.sql("SELECT pg_sleep(0.02), :i")
				.bind("i", i)
				.map((row) -> row.get(1, Integer.class))
				.one()
				.timeout(Duration.ofMillis(5))
				.onErrorResume(
						(ex) -> c.sql("SELECT :i + 1").bind("i", i).map((row) -> row.get(0, Integer.class)).one()),
					(i) -> i + 1);
			assertThat(client.sql("SELECT 7").map((row) -> row.get(0, Integer.class)).one().block(TIMEOUT))
				.isEqualTo(7);
		});
	}

	@Test
	void statementThatCannotBeDrainedInTimeClosesItsConnectionAndTheNextCallerIsServed() {
		this.contextRunner.withPropertyValues("databridge.pool.drain-timeout=200ms").run((context) -> {
			DatabaseClient client = context.getBean(DatabaseClient.class);
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			int opened = this.counter.created();
			StepVerifier.create(client.sql("SELECT pg_sleep(30)").then().timeout(Duration.ofMillis(100)))
				.expectError(TimeoutException.class)
				.verify(TIMEOUT);
			long start = System.nanoTime();
			for (int i = 0; i < POOL_SIZE * 3; i++) {
				assertThat(client.sql("SELECT " + i).map((row) -> row.get(0, Integer.class)).one().block(TIMEOUT))
					.isEqualTo(i);
			}
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(this.counter.evicted(EvictionReason.UNDRAINED)).isEqualTo(1));
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(this.counter.created()).isEqualTo(opened + 1));
			assertThat(this.database.countConnections(this.applicationName, "active")).isZero();
			assertThat(pool.getState().active()).isZero();
		});
	}

	private void assertReused(Call call, IntFunction<Integer> expected) {
		this.contextRunner.run((context) -> assertReused(context, call, expected));
	}

	private void assertReused(AssertableApplicationContext context, Call call, IntFunction<Integer> expected) {
		DatabaseClient client = context.getBean(DatabaseClient.class);
		DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
		call.run(client, 0).block(TIMEOUT);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.database.backendPids(this.applicationName)).hasSize(POOL_SIZE));
		Set<Integer> backends = this.database.backendPids(this.applicationName);
		int opened = this.counter.created();
		for (int i = 1; i <= CALLS; i++) {
			assertThat(call.run(client, i).block(TIMEOUT)).as("answer to call %d", i).isEqualTo(expected.apply(i));
		}
		List<Integer> concurrent = Flux.range(CALLS + 1, CALLS)
			.flatMap((i) -> call.run(client, i).map((answer) -> answer - expected.apply(i)), 16)
			.collectList()
			.block(TIMEOUT);
		assertThat(concurrent).hasSize(CALLS).containsOnly(0);
		assertThat(this.counter.created()).as("connections opened during the calls").isEqualTo(opened);
		assertThat(this.counter.evicted()).as("connections closed during the calls").isZero();
		assertThat(this.database.backendPids(this.applicationName)).isEqualTo(backends)
			.hasSizeLessThanOrEqualTo(POOL_SIZE);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(pool.getState().active()).isZero());
	}

	/**
	 * One call an application makes, given its number.
	 */
	@FunctionalInterface
	private interface Call {

		Mono<Integer> run(DatabaseClient client, int i);

	}

}
