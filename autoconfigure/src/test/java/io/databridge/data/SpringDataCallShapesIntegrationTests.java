package io.databridge.data;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeTransactionManagerAutoConfiguration;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.PoolListener;
import io.databridge.test.EvictionCounter;
import io.databridge.test.TestDatabase;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.repository.config.EnableR2dbcRepositories;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Data R2DBC application on Databridge, as users write one: repositories
 * (derived, {@code @Query} and {@code @Modifying} methods), {@link R2dbcEntityTemplate},
 * {@code @Transactional} and {@link TransactionalOperator}, read-only transactions, a
 * long stream cancelled part-way and a burst of concurrent calls. Every answer is
 * checked, and every call shape is repeated against a pool of four to show that the
 * server sees the same four backends throughout.
 *
 * @author Databridge team
 */
class SpringDataCallShapesIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int POOL_SIZE = 4;

	private static final int CALLS = 1000;

	private final TestDatabase server = TestDatabase.get();

	private final String password = UUID.randomUUID().toString();

	private final String user = this.server.createUser(this.password);

	private final String database = this.server.createDatabase(this.user);

	private final String applicationName = "data-" + System.nanoTime();

	private final EvictionCounter counter = new EvictionCounter();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class, DatabridgeTransactionManagerAutoConfiguration.class,
				R2dbcTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				DataR2dbcAutoConfiguration.class))
		.withUserConfiguration(AccountApplication.class)
		.withBean(PoolListener.class, () -> this.counter)
		.withPropertyValues(
				"databridge.url=postgresql://" + this.user + ":" + this.password + "@" + this.server.host() + ":"
						+ this.server.port() + "/" + this.database,
				"databridge.embedded.enabled=false", "databridge.application-name=" + this.applicationName,
				"databridge.pool.size=" + POOL_SIZE, "databridge.pool.max-overflow=0",
				"databridge.pool.acquire-timeout=10s");

	@Test
	void repositoryMethodsAnswerCorrectlyOnTheSameServerBackends() {
		this.contextRunner.run((context) -> {
			AccountRepository accounts = context.getBean(AccountRepository.class);
			seed(context, 20);
			assertReused(context, (i) -> {
				String owner = "owner-" + (i % 20);
				long balance = i % 20;
				return switch (i % 8) {
					case 0 -> accounts.findById(1L + (i % 20)).map((account) -> account.owner().equals(owner));
					case 1 -> accounts.count().map((count) -> count == 20);
					case 2 -> accounts.existsById(1L + (i % 20));
					case 3 -> accounts.findByOwner(owner).collectList().map((found) -> found.size() == 1);
					case 4 -> accounts.findFirstByOwnerOrderByBalanceDesc(owner)
						.map((account) -> account.balance() == balance);
					case 5 -> accounts.existsByOwner(owner);
					case 6 -> accounts.countByOwner(owner).map((count) -> count == 1);
					default -> accounts.findWithBalanceAtLeast(18)
						.map(Account::owner)
						.collectList()
						.map((owners) -> owners.equals(List.of("owner-18", "owner-19")));
				};
			});
			assertThat(accounts.existsById(999L).block(TIMEOUT)).isFalse();
			assertThat(accounts.findById(999L).blockOptional(TIMEOUT)).isEmpty();
		});
	}

	@Test
	void modifyingQueriesAndEntityTemplateAnswerCorrectlyOnTheSameServerBackends() {
		this.contextRunner.run((context) -> {
			AccountRepository accounts = context.getBean(AccountRepository.class);
			R2dbcEntityTemplate template = context.getBean(R2dbcEntityTemplate.class);
			seed(context, 20);
			assertReused(context, (i) -> {
				String owner = "owner-" + (i % 20);
				Query byOwner = Query.query(Criteria.where("owner").is(owner));
				return switch (i % 5) {
					case 0 -> accounts.credit(owner, 1).map((updated) -> updated == 1);
					case 1 ->
						template.selectOne(byOwner, Account.class).map((account) -> account.owner().equals(owner));
					case 2 -> template.exists(byOwner, Account.class);
					case 3 -> template.count(Query.empty(), Account.class).map((count) -> count >= 20);
					default -> template.select(Account.class)
						.matching(byOwner)
						.first()
						.map((account) -> account.owner().equals(owner));
				};
			});
			long credited = 2 * CALLS / 5;
			assertThat(context.getBean(DatabaseClient.class)
				.sql("SELECT sum(balance) FROM account")
				.map((row) -> row.get(0, Long.class))
				.one()
				.block(TIMEOUT)).isEqualTo(190 + credited);
		});
	}

	@Test
	void transactionalMethodRollsBackOnFailureAndCommitsOnSuccess() {
		this.contextRunner.run((context) -> {
			AccountService service = context.getBean(AccountService.class);
			AccountRepository accounts = context.getBean(AccountRepository.class);
			accounts.saveAll(List.of(Account.of("ann", 100), Account.of("bob", 0))).blockLast(TIMEOUT);
			StepVerifier.create(service.transfer("ann", "bob", 150))
				.expectErrorMessage("Insufficient funds of ann")
				.verify(TIMEOUT);
			assertThat(balances(accounts)).containsExactly(100L, 0L);
			service.transfer("ann", "bob", 60).block(TIMEOUT);
			assertThat(balances(accounts)).containsExactly(40L, 60L);
			assertThat(this.server.countConnections(this.applicationName, "idle in transaction")).isZero();
		});
	}

	@Test
	void transactionalOperatorRollsBackOnFailure() {
		this.contextRunner.run((context) -> {
			TransactionalOperator transactions = context.getBean(TransactionalOperator.class);
			AccountRepository accounts = context.getBean(AccountRepository.class);
			accounts.save(Account.of("cy", 10)).block(TIMEOUT);
			Mono<Void> failing = accounts.credit("cy", 5)
				.then(accounts.findByOwner("cy").next())
				.flatMap((account) -> Mono.error(new IllegalStateException("balance " + account.balance())));
			StepVerifier.create(transactions.transactional(failing)).expectErrorMessage("balance 15").verify(TIMEOUT);
			assertThat(accounts.findByOwner("cy").map(Account::balance).blockFirst(TIMEOUT)).isEqualTo(10L);
		});
	}

	@Test
	void readOnlyTransactionsRunReadOnlyOnTheServer() {
		this.contextRunner.run((context) -> {
			AccountService service = context.getBean(AccountService.class);
			TransactionalOperator readOnly = TransactionalOperator.create(
					context.getBean(org.springframework.transaction.ReactiveTransactionManager.class),
					readOnlyDefinition());
			DatabaseClient client = context.getBean(DatabaseClient.class);
			assertThat(service.readOnlyState().block(TIMEOUT)).isEqualTo("on");
			assertThat(readOnly
				.transactional(client.sql("SHOW transaction_read_only").map((row) -> row.get(0, String.class)).one())
				.block(TIMEOUT)).isEqualTo("on");
			StepVerifier.create(readOnly.transactional(client.sql("CREATE TABLE refused (id int)").then()))
				.expectErrorSatisfies((ex) -> assertThat(ex).hasMessageContaining("read-only transaction"))
				.verify(TIMEOUT);
			assertThat(client.sql("SHOW transaction_read_only")
				.map((row) -> row.get(0, String.class))
				.one()
				.block(TIMEOUT)).as("read-only state after the transaction").isEqualTo("off");
		});
	}

	@Test
	void longStreamCancelledPartWayLeavesItsConnectionToTheNextCall() {
		this.contextRunner.run((context) -> {
			DatabaseClient client = context.getBean(DatabaseClient.class);
			AccountRepository accounts = context.getBean(AccountRepository.class);
			client
				.sql("INSERT INTO account (owner, balance) SELECT 'bulk-' || n, n FROM generate_series(1, 10000) AS n")
				.then()
				.block(TIMEOUT);
			awaitCorePool();
			Set<Integer> backends = this.server.backendPids(this.applicationName);
			int opened = this.counter.created();
			for (int round = 0; round < 20; round++) {
				List<Long> first = accounts.findAll().map(Account::balance).take(100).collectList().block(TIMEOUT);
				assertThat(first).hasSize(100).doesNotHaveDuplicates();
				assertThat(accounts.count().block(TIMEOUT)).isEqualTo(10000L);
			}
			assertThat(this.counter.created()).isEqualTo(opened);
			assertThat(this.server.backendPids(this.applicationName)).isEqualTo(backends);
		});
	}

	@Test
	void twoHundredConcurrentCallsShareAPoolOfFour() {
		this.contextRunner.run((context) -> {
			AccountRepository accounts = context.getBean(AccountRepository.class);
			seed(context, 20);
			awaitCorePool();
			Set<Integer> backends = this.server.backendPids(this.applicationName);
			List<Boolean> answers = Flux.range(0, 200)
				.flatMap((i) -> accounts.findById(1L + (i % 20)).map((account) -> account.balance() == i % 20), 200)
				.collectList()
				.block(TIMEOUT);
			assertThat(answers).hasSize(200).containsOnly(true);
			assertThat(this.server.backendPids(this.applicationName)).isEqualTo(backends).hasSize(POOL_SIZE);
			assertThat(context.getBean(DatabridgeConnectionPool.class).getState().pending()).isZero();
		});
	}

	private void seed(AssertableApplicationContext context, int count) {
		AccountRepository accounts = context.getBean(AccountRepository.class);
		accounts.saveAll(Flux.range(0, count).map((i) -> Account.of("owner-" + i, i))).blockLast(TIMEOUT);
	}

	private List<Long> balances(AccountRepository accounts) {
		return accounts.findAll()
			.sort(Comparator.comparing(Account::owner))
			.map(Account::balance)
			.collectList()
			.block(TIMEOUT);
	}

	/**
	 * Runs {@link #CALLS} calls one after the other and as many again sixteen at a time,
	 * asserting that each answered {@code true} and that the server saw no new backend.
	 */
	private void assertReused(AssertableApplicationContext context, Function<Integer, Mono<Boolean>> call) {
		awaitCorePool();
		Set<Integer> backends = this.server.backendPids(this.applicationName);
		int opened = this.counter.created();
		for (int i = 0; i < CALLS; i++) {
			assertThat(call.apply(i).block(TIMEOUT)).as("answer to call %d", i).isTrue();
		}
		List<Boolean> concurrent = Flux.range(0, CALLS).flatMap(call, 16).collectList().block(TIMEOUT);
		assertThat(concurrent).hasSize(CALLS).containsOnly(true);
		assertThat(this.counter.created()).as("connections opened during the calls").isEqualTo(opened);
		assertThat(this.counter.evicted()).as("connections closed during the calls").isZero();
		assertThat(this.server.backendPids(this.applicationName)).isEqualTo(backends).hasSize(POOL_SIZE);
		assertThat(context.getBean(DatabridgeConnectionPool.class).getState().active()).isZero();
	}

	private void awaitCorePool() {
		org.awaitility.Awaitility.await()
			.atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.server.backendPids(this.applicationName)).hasSize(POOL_SIZE));
	}

	private static DefaultTransactionDefinition readOnlyDefinition() {
		DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
		definition.setReadOnly(true);
		return definition;
	}

	/**
	 * The application: its repositories, a transactional service and the schema.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableR2dbcRepositories(basePackageClasses = AccountRepository.class)
	@EnableTransactionManagement
	static class AccountApplication {

		@Bean
		AccountService accountService(AccountRepository accounts, DatabaseClient client) {
			client
				.sql("CREATE TABLE IF NOT EXISTS account (id bigserial PRIMARY KEY, owner text NOT NULL, "
						+ "balance bigint NOT NULL)")
				.then()
				.then(client.sql("TRUNCATE account RESTART IDENTITY").then())
				.block(TIMEOUT);
			return new AccountService(accounts, client);
		}

	}

}
