package io.databridge.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeTransactionManagerAutoConfiguration;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.test.TestDatabase;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
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

/**
 * Fault test, after the aiopg transfer example: concurrent transfers between accounts,
 * each debit and credit in one transaction, while failures are injected between the two
 * statements and the server kills pool connections at random. The total balance never
 * changes and every transfer the application saw commit is in the ledger.
 *
 * @author Databridge team
 */
class TransferInvariantFaultTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int ACCOUNTS = 8;

	private static final int TRANSFERS = 600;

	private static final long OPENING_BALANCE = 1_000;

	private final TestDatabase database = TestDatabase.get();

	private final String applicationName = "transfer-" + System.nanoTime();

	private final String suffix = "_" + ProcessHandle.current().pid();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class, DatabridgeTransactionManagerAutoConfiguration.class,
				R2dbcTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class))
		.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.embedded.enabled=false",
				"databridge.application-name=" + this.applicationName, "databridge.pool.size=4",
				"databridge.pool.max-overflow=2", "databridge.pool.acquire-timeout=5s");

	@Test
	void totalBalanceIsUnchangedDespiteInjectedFailuresAndKilledConnections() {
		this.contextRunner.run((context) -> {
			DatabaseClient client = context.getBean(DatabaseClient.class);
			TransactionalOperator transactions = context.getBean(TransactionalOperator.class);
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			createAccounts(client);
			Set<Integer> committed = ConcurrentHashMap.newKeySet();
			AtomicInteger injected = new AtomicInteger();
			AtomicInteger failed = new AtomicInteger();
			Disposable killer = Flux.interval(Duration.ofMillis(150), Schedulers.boundedElastic())
				.subscribe((tick) -> this.database.queryLong(
						"SELECT count(pg_terminate_backend(pid)) FROM " + "pg_stat_activity WHERE application_name = '"
								+ this.applicationName + "' AND random() < 0.3"));
			try {
				Flux.range(0, TRANSFERS)
					.flatMap((id) -> transactions.transactional(transfer(client, id, injected))
						.doOnSuccess((ignored) -> committed.add(id))
						.onErrorResume((ex) -> {
							failed.incrementAndGet();
							return Mono.empty();
						}), 12)
					.blockLast(TIMEOUT);
			}
			finally {
				killer.dispose();
			}
			assertThat(injected).hasPositiveValue();
			assertThat(committed.size() + failed.get()).isEqualTo(TRANSFERS);
			assertThat(committed).hasSizeGreaterThan(TRANSFERS / 2);
			assertThat(total(client)).isEqualTo(ACCOUNTS * OPENING_BALANCE);
			assertThat(ledger(client)).containsAll(committed);
			FaultAssertions.assertServerClean(this.database::countConnections, this.applicationName, pool);
		});
	}

	private Mono<Void> transfer(DatabaseClient client, int id, AtomicInteger injected) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int from = random.nextInt(ACCOUNTS);
		int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
		long amount = 1 + random.nextInt(50);
		boolean fail = random.nextInt(10) == 0;
		return client.sql("UPDATE account" + this.suffix + " SET balance = balance - :amount WHERE id = :id")
			.bind("amount", amount)
			.bind("id", from)
			.then()
			.then(Mono.defer(() -> {
				if (fail) {
					injected.incrementAndGet();
					return Mono.error(new IllegalStateException("Injected failure between debit and credit"));
				}
				return Mono.empty();
			}))
			.then(client.sql("UPDATE account" + this.suffix + " SET balance = balance + :amount WHERE id = :id")
				.bind("amount", amount)
				.bind("id", to)
				.then())
			.then(client.sql("INSERT INTO ledger" + this.suffix + " (id) VALUES (:id)").bind("id", id).then());
	}

	private void createAccounts(DatabaseClient client) {
		client.sql("CREATE TABLE account" + this.suffix + " (id int PRIMARY KEY, balance bigint NOT NULL)")
			.then()
			.then(client.sql("CREATE TABLE ledger" + this.suffix + " (id int PRIMARY KEY)").then())
			.then(client
				.sql("INSERT INTO account" + this.suffix + " SELECT g, " + OPENING_BALANCE + " FROM generate_series(0, "
						+ (ACCOUNTS - 1) + ") g")
				.then())
			.block(TIMEOUT);
	}

	private Long total(DatabaseClient client) {
		return client.sql("SELECT sum(balance)::bigint FROM account" + this.suffix)
			.map((row) -> row.get(0, Long.class))
			.one()
			.block(TIMEOUT);
	}

	private List<Integer> ledger(DatabaseClient client) {
		return client.sql("SELECT id FROM ledger" + this.suffix)
			.map((row) -> row.get(0, Integer.class))
			.all()
			.collectList()
			.block(TIMEOUT);
	}

}
