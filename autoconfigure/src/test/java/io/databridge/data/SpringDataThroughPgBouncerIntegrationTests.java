package io.databridge.data;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeTransactionManagerAutoConfiguration;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.PoolListener;
import io.databridge.pooler.PgBouncerAvailability;
import io.databridge.test.EvictionCounter;
import io.databridge.test.PgBouncer;
import io.databridge.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring Data application of {@link SpringDataCallShapesIntegrationTests}, given only
 * the URL of a PgBouncer in transaction mode with two server connections: repository
 * methods (including those Spring Data runs with {@code first()}-style reads, counts and
 * existence checks), {@link R2dbcEntityTemplate}, {@code first()} on a
 * {@link DatabaseClient}, and a stream cancelled after {@code take(n)} all answer right,
 * on the pool's own connections, opened once, while PostgreSQL sees at most PgBouncer's
 * two server connections.
 *
 * @author Databridge team
 */
class SpringDataThroughPgBouncerIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int POOL_SIZE = 4;

	private static final int CALLS = 400;

	private static final String PASSWORD = "data-Bouncer-1";

	private static String user;

	private static String database;

	private static PgBouncer bouncer;

	private final EvictionCounter counter = new EvictionCounter();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class, DatabridgeTransactionManagerAutoConfiguration.class,
				R2dbcTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				DataR2dbcAutoConfiguration.class))
		.withUserConfiguration(SpringDataCallShapesIntegrationTests.AccountApplication.class)
		.withBean(PoolListener.class, () -> this.counter)
		.withPropertyValues("databridge.pool.size=" + POOL_SIZE, "databridge.pool.max-overflow=0");

	@BeforeAll
	static void startPgBouncer() {
		PgBouncerAvailability.assumeInstalled();
		TestDatabase server = TestDatabase.get();
		user = server.createUser(PASSWORD);
		database = server.createDatabase(user);
		bouncer = PgBouncer.in("127.0.0.1", server.port()).user(user, PASSWORD).defaultPoolSize(2).start();
	}

	@AfterAll
	static void stopPgBouncer() {
		if (bouncer != null) {
			bouncer.close();
		}
	}

	@Test
	void repositoryTemplateAndClientCallsAnswerRightOnConnectionsOpenedOnce() {
		this.contextRunner.withPropertyValues("databridge.url=" + bouncer.url(user, PASSWORD, database))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				AccountRepository accounts = context.getBean(AccountRepository.class);
				R2dbcEntityTemplate template = context.getBean(R2dbcEntityTemplate.class);
				DatabaseClient client = context.getBean(DatabaseClient.class);
				accounts.saveAll(Flux.range(0, 20).map((i) -> Account.of("owner-" + i, i))).blockLast(TIMEOUT);
				assertReused(context, (i) -> {
					String owner = "owner-" + (i % 20);
					long balance = i % 20;
					return switch (i % 10) {
						case 0 -> accounts.findById(1L + (i % 20)).map((account) -> account.owner().equals(owner));
						case 1 -> accounts.count().map((count) -> count == 20);
						case 2 -> accounts.existsById(1L + (i % 20));
						case 3 -> accounts.findFirstByOwnerOrderByBalanceDesc(owner)
							.map((account) -> account.balance() == balance);
						case 4 -> accounts.countByOwner(owner).map((count) -> count == 1);
						case 5 -> accounts.findWithBalanceAtLeast(18)
							.map(Account::owner)
							.collectList()
							.map((owners) -> owners.equals(List.of("owner-18", "owner-19")));
						case 6 -> template.select(Account.class)
							.matching(Query.query(Criteria.where("owner").is(owner)))
							.first()
							.map((account) -> account.balance() == balance);
						case 7 -> client.sql("SELECT owner FROM account WHERE balance >= $1 ORDER BY balance")
							.bind(0, balance)
							.map((row) -> row.get(0, String.class))
							.first()
							.map(owner::equals);
						case 8 -> accounts.findAll()
							.map(Account::balance)
							.take(3)
							.collectList()
							.map((first) -> first.size() == 3);
						default -> accounts.existsByOwner(owner);
					};
				});
			});
	}

	/**
	 * Runs {@link #CALLS} calls one after the other and as many again sixteen at a time,
	 * asserting that each answered {@code true}, that the pool opened and closed no
	 * connection meanwhile, and that PostgreSQL never held more than PgBouncer's two
	 * server connections for the user.
	 */
	private void assertReused(AssertableApplicationContext context, Function<Integer, Mono<Boolean>> call) {
		int opened = this.counter.created();
		for (int i = 0; i < CALLS; i++) {
			assertThat(call.apply(i).block(TIMEOUT)).as("answer to call %d", i).isTrue();
		}
		List<Boolean> concurrent = Flux.range(0, CALLS).flatMap(call, 16).collectList().block(TIMEOUT);
		assertThat(concurrent).hasSize(CALLS).containsOnly(true);
		assertThat(this.counter.created()).as("connections opened during the calls").isEqualTo(opened);
		assertThat(this.counter.evicted()).as("connections closed during the calls").isZero();
		assertThat(TestDatabase.get().queryLong("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + user + "'"))
			.isBetween(1L, 2L);
		assertThat(context.getBean(DatabridgeConnectionPool.class).getState().open()).isEqualTo(POOL_SIZE);
		assertThat(context.getBean(DatabridgeConnectionPool.class).getState().active()).isZero();
	}

}
