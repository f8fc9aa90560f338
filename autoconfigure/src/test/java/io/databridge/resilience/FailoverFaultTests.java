package io.databridge.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeTransactionManagerAutoConfiguration;
import io.databridge.test.RestartablePostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault test: a primary with a synchronous hot standby, and the application given both
 * hosts with {@code target_session_attrs=read-write}. While transfers run, the primary
 * stops and the standby is promoted: writes are served again by the new primary within a
 * bound, no transfer the application saw commit is lost, none is applied twice, and the
 * total balance is unchanged.
 *
 * @author Databridge team
 */
class FailoverFaultTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final Duration FAILOVER_BOUND = Duration.ofSeconds(5);

	private static final int ACCOUNTS = 8;

	private static final long OPENING_BALANCE = 1_000;

	private static final String PASSWORD = "Fail0ver-Pa55";

	private RestartablePostgres primary;

	private RestartablePostgres standby;

	@AfterEach
	void stopServers() {
		if (this.standby != null) {
			this.standby.close();
		}
		if (this.primary != null) {
			this.primary.close();
		}
	}

	@Test
	void writesResumeOnThePromotedStandbyWithEveryCommittedTransferKept() throws Exception {
		this.primary = RestartablePostgres.start(Map.of("synchronous_standby_names", "databridge_standby"));
		String user = this.primary.createUser(PASSWORD);
		this.primary.execute("CREATE TABLE account (id int PRIMARY KEY, balance bigint NOT NULL); "
				+ "CREATE TABLE ledger (id int PRIMARY KEY); INSERT INTO account SELECT g, " + OPENING_BALANCE
				+ " FROM generate_series(0, " + (ACCOUNTS - 1) + ") g; GRANT ALL ON account, ledger TO " + user);
		this.standby = this.primary.startStandby();
		String url = "postgresql://" + user + ":" + PASSWORD + "@localhost:" + this.primary.port() + ",localhost:"
				+ this.standby.port() + "/postgres?target_session_attrs=read-write";
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class, DatabridgeTransactionManagerAutoConfiguration.class))
			.withPropertyValues("databridge.embedded.enabled=false", "databridge.url=" + url, "databridge.pool.size=4",
					"databridge.pool.acquire-timeout=5s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				DatabaseClient client = context.getBean(DatabaseClient.class);
				TransactionalOperator transactions = TransactionalOperator
					.create(context.getBean(ReactiveTransactionManager.class));
				Set<Integer> committed = ConcurrentHashMap.newKeySet();
				AtomicInteger failed = new AtomicInteger();
				AtomicInteger ids = new AtomicInteger();
				AtomicLong stoppedAt = new AtomicLong();
				AtomicLong resumedAt = new AtomicLong();
				long end = System.nanoTime() + Duration.ofSeconds(12).toNanos();
				Mono<Void> load = Flux.range(0, 8).flatMap((worker) -> Mono.defer(() -> {
					int id = ids.incrementAndGet();
					return transactions.transactional(transfer(client, id)).doOnSuccess((ignored) -> {
						committed.add(id);
						if (stoppedAt.get() != 0) {
							resumedAt.compareAndSet(0, System.nanoTime());
						}
					}).onErrorResume((ex) -> {
						failed.incrementAndGet();
						return Mono.delay(Duration.ofMillis(20)).then();
					});
				}).repeat(() -> System.nanoTime() - end < 0).subscribeOn(Schedulers.parallel())).then().cache();
				load.subscribe();
				Thread.sleep(2000);
				int beforeFailover = committed.size();
				stoppedAt.set(System.nanoTime());
				this.primary.stop();
				Thread.sleep(1000);
				this.standby.promote();
				load.block(TIMEOUT);
				assertThat(beforeFailover).isPositive();
				assertThat(resumedAt.get()).as("a transfer committed after the failover").isPositive();
				Duration failover = Duration.ofNanos(resumedAt.get() - stoppedAt.get());
				assertThat(failover).isLessThan(FAILOVER_BOUND);
				assertThat(committed.size()).isGreaterThan(beforeFailover);
				assertThat(total(client)).isEqualTo(ACCOUNTS * OPENING_BALANCE);
				List<Integer> ledger = ledger(client);
				assertThat(ledger).doesNotHaveDuplicates().containsAll(committed);
			});
	}

	private static Mono<Void> transfer(DatabaseClient client, int id) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int from = random.nextInt(ACCOUNTS);
		int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
		long amount = 1 + random.nextInt(50);
		return client.sql("UPDATE account SET balance = balance - :amount WHERE id = :id")
			.bind("amount", amount)
			.bind("id", from)
			.then()
			.then(client.sql("UPDATE account SET balance = balance + :amount WHERE id = :id")
				.bind("amount", amount)
				.bind("id", to)
				.then())
			.then(client.sql("INSERT INTO ledger (id) VALUES (:id)").bind("id", id).then());
	}

	private static Long total(DatabaseClient client) {
		return client.sql("SELECT sum(balance)::bigint FROM account")
			.map((row) -> row.get(0, Long.class))
			.one()
			.block(TIMEOUT);
	}

	private static List<Integer> ledger(DatabaseClient client) {
		return client.sql("SELECT id FROM ledger")
			.map((row) -> row.get(0, Integer.class))
			.all()
			.collectList()
			.block(TIMEOUT);
	}

}
