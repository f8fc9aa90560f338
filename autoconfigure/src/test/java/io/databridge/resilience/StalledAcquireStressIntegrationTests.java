package io.databridge.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeTransactionManagerAutoConfiguration;
import io.databridge.error.DatabaseError;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.EvictionReason;
import io.databridge.pool.PoolListener;
import io.databridge.test.EvictionCounter;
import io.databridge.test.TestDatabase;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stress test: ten thousand mixed calls (keyed reads with {@code first()} and
 * {@code one()}, partial streams, counts, transactions, timeouts), half one after the
 * other and half sixteen at a time, on a pool of four whose connections are now and then
 * closed under it (a statement left running past the drain timeout, a backend terminated
 * by an administrator). No call may wait longer than a second: a caller never waits for a
 * connection while one is idle, however the pool is refilled.
 *
 * @author Databridge team
 */
class StalledAcquireStressIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final Duration SLOWEST_ALLOWED = Duration.ofSeconds(1);

	private static final int CALLS = 5000;

	private final TestDatabase database = TestDatabase.get();

	private final String applicationName = "stress-" + System.nanoTime();

	private final String table = "stress_" + ProcessHandle.current().pid();

	private final EvictionCounter evictions = new EvictionCounter();

	private final Queue<String> slowCalls = new ConcurrentLinkedQueue<>();

	private final AtomicInteger terminated = new AtomicInteger();

	private final Queue<Throwable> lostToTermination = new ConcurrentLinkedQueue<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class, DatabridgeTransactionManagerAutoConfiguration.class,
				R2dbcTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class))
		.withBean(PoolListener.class, () -> this.evictions)
		.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.embedded.enabled=false",
				"databridge.application-name=" + this.applicationName, "databridge.pool.size=4",
				"databridge.pool.max-overflow=0", "databridge.pool.acquire-timeout=10s",
				"databridge.pool.drain-timeout=200ms");

	@Test
	void tenThousandMixedCallsOnAPoolOfFourEachAnswerWithinASecond() {
		this.contextRunner.run((context) -> {
			DatabaseClient client = context.getBean(DatabaseClient.class);
			TransactionalOperator transactions = context.getBean(TransactionalOperator.class);
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			client.sql("CREATE TABLE " + this.table + " (id int PRIMARY KEY, n int NOT NULL)").then().block(TIMEOUT);
			client.sql("INSERT INTO " + this.table + " SELECT n, n FROM generate_series(0, 99) AS n")
				.then()
				.block(TIMEOUT);
			for (int i = 0; i < CALLS; i++) {
				timed(i, call(i, client, transactions)).block(TIMEOUT);
			}
			List<Boolean> answers = Flux.range(CALLS, CALLS)
				.flatMap((i) -> timed(i, call(i, client, transactions)), 16)
				.collectList()
				.block(TIMEOUT);
			assertThat(answers).hasSize(CALLS);
			assertThat(this.slowCalls).as("calls slower than %s", SLOWEST_ALLOWED).isEmpty();
			assertThat(this.lostToTermination).as("calls that failed on a terminated backend")
				.hasSizeLessThanOrEqualTo(this.terminated.get());
			assertThat(this.evictions.evicted(EvictionReason.UNDRAINED)).isPositive();
			assertThat(this.evictions.evicted(EvictionReason.BROKEN)).isPositive();
			await().atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(pool.getState().active()).isZero();
				assertThat(pool.getState().idle()).isEqualTo(4);
			});
		});
	}

	private Mono<Boolean> timed(int i, Mono<Boolean> call) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return call.onErrorResume(this::isLostToTermination, (ex) -> {
				this.lostToTermination.add(ex);
				return Mono.just(true);
			}).doOnSuccess((answer) -> {
				assertThat(answer).as("answer to call %d", i).isTrue();
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				if (took.compareTo(SLOWEST_ALLOWED) > 0) {
					this.slowCalls.add("call " + i + " (kind " + (i % 10) + ") took " + took.toMillis() + "ms");
				}
			});
		});
	}

	/**
	 * Returns whether a call failed because its backend was terminated under it, which a
	 * terminated backend may do to a call that already holds its connection.
	 */
	private boolean isLostToTermination(Throwable error) {
		return this.terminated.get() > 0 && DatabaseError.of(error).isConnectionLevel();
	}

	private Mono<Boolean> call(int i, DatabaseClient client, TransactionalOperator transactions) {
		int key = i % 100;
		String byKey = "SELECT n FROM " + this.table + " WHERE id = :id";
		return switch (i % 10) {
			case 0 ->
				client.sql(byKey).bind("id", key).map((row) -> row.get(0, Integer.class)).first().map((n) -> n == key);
			case 1 ->
				client.sql(byKey).bind("id", key).map((row) -> row.get(0, Integer.class)).one().map((n) -> n == key);
			case 2 -> client.sql("SELECT count(*) FROM " + this.table)
				.map((row) -> row.get(0, Long.class))
				.first()
				.map((count) -> count == 100);
			case 3 -> client.sql("SELECT EXISTS (SELECT 1 FROM " + this.table + " WHERE id = :id)")
				.bind("id", key)
				.map((row) -> row.get(0, Boolean.class))
				.first();
			case 4 -> client.sql("SELECT n FROM " + this.table + " WHERE id >= :id ORDER BY id")
				.bind("id", key % 50)
				.map((row) -> row.get(0, Integer.class))
				.all()
				.take(3)
				.collectList()
				.map((found) -> found.equals(List.of(key % 50, key % 50 + 1, key % 50 + 2)));
			case 5 -> transactions.transactional(client.sql("UPDATE " + this.table + " SET n = n WHERE id = :id")
				.bind("id", key)
				.fetch()
				.rowsUpdated()
				.flatMap((updated) -> client.sql(byKey).bind("id", key).map((row) -> row.get(0, Integer.class)).first())
				.map((n) -> n == key));
			case 6 -> client.sql("SELECT pg_sleep(0.05), :id")
				.bind("id", key)
				.map((row) -> row.get(1, Integer.class))
				.one()
				.timeout(Duration.ofMillis(5))
				.map((n) -> false)
				.onErrorResume(TimeoutException.class, (ex) -> Mono.just(true));
			case 7 -> (i % 500 == 7) ? leftRunning(client, i % 1000 == 7)
					: client.sql("SELECT :id::int + 1")
						.bind("id", key)
						.map((row) -> row.get(0, Integer.class))
						.first()
						.map((n) -> n == key + 1);
			case 8 -> (i % 500 == 8) ? terminateOneBackend()
					: client.sql(byKey)
						.bind("id", key)
						.map((row) -> row.get(0, Integer.class))
						.all()
						.next()
						.map((n) -> n == key);
			default -> client.sql("SELECT generate_series(1, 1000)")
				.map((row) -> row.get(0, Integer.class))
				.all()
				.elementAt(key)
				.map((n) -> n == key + 1);
		};
	}

	/**
	 * Cancels a statement that runs far longer than the drain timeout, so that the pool
	 * cancels it on the server, closes its connection and refills. With a bind parameter
	 * the driver runs it with the extended protocol, without one with the simple
	 * protocol; the two answer differently.
	 */
	private Mono<Boolean> leftRunning(DatabaseClient client, boolean bound) {
		DatabaseClient.GenericExecuteSpec statement = bound
				? client.sql("SELECT pg_sleep(30), :one::int").bind("one", 1) : client.sql("SELECT pg_sleep(30), 1");
		return statement.map((row) -> row.get(1, Integer.class))
			.one()
			.timeout(Duration.ofMillis(10))
			.map((n) -> false)
			.onErrorResume(TimeoutException.class, (ex) -> Mono.just(true));
	}

	/**
	 * Terminates one of the pool's backends, as an administrator or a failover would.
	 */
	private Mono<Boolean> terminateOneBackend() {
		return Mono.fromCallable(() -> {
			this.terminated.incrementAndGet();
			this.database.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
					+ this.applicationName + "' AND state = 'idle' LIMIT 1");
			return true;
		}).subscribeOn(Schedulers.boundedElastic());
	}

}
