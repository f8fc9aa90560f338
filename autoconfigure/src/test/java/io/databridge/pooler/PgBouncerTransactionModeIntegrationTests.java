package io.databridge.pooler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabasesAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeTransactionManagerAutoConfiguration;
import io.databridge.error.ServerMessage;
import io.databridge.test.ConnectionFactoryApplication;
import io.databridge.test.PgBouncer;
import io.databridge.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Databridge through a real PgBouncer in transaction mode, whose two server connections
 * per user and database make consecutive statements of one client connection land on
 * different server connections: every answer of a 32-client load is right, whatever tells
 * Databridge about the pooler and whether the pool is the primary or a named database's,
 * and a PgBouncer that refuses the driver's startup packet is quoted with the fix.
 *
 * @author Databridge team
 */
@ExtendWith(OutputCaptureExtension.class)
class PgBouncerTransactionModeIntegrationTests {

	private static final int CLIENTS = 32;

	private static final int CALLS_PER_CLIENT = 30;

	private static final String PASSWORD = "bouncer-Secret-1";

	private static String user;

	private static String database;

	private static PgBouncer bouncer;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class, DatabridgeTransactionManagerAutoConfiguration.class))
		.withPropertyValues("databridge.pool.size=8", "databridge.pool.max-overflow=8");

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
	void poolerSetToTransactionServesEveryCallOfTheLoadRight() {
		this.contextRunner.withPropertyValues(url(), "databridge.pooler=transaction").run((context) -> {
			assertThat(context).hasNotFailed();
			PoolerLoad load = runLoad(context);
			assertThat(load.wrongAnswers()).isEmpty();
			assertThat(load.errors()).isEmpty();
			assertThat(load.calls()).isEqualTo(CLIENTS * CALLS_PER_CLIENT);
			assertTransfersAddUp(context, load.transactions());
		});
	}

	@Test
	void urlAloneFindsThePoolerByProbingAndServesEveryCallOfTheLoadRight(CapturedOutput output) {
		this.contextRunner.withPropertyValues(url()).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("Two connections were served by one server connection");
			PoolerLoad load = runLoad(context);
			assertThat(load.wrongAnswers()).isEmpty();
			assertThat(load.errors()).isEmpty();
			assertTransfersAddUp(context, load.transactions());
		});
	}

	@Test
	void namedDatabaseBehindPgBouncerFindsThePoolerByItselfAndServesEveryCallOfTheLoadRight(CapturedOutput output) {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DatabridgeDatabasesAutoConfiguration.class))
			.withPropertyValues("databridge.embedded.enabled=false", "databridge.url=" + TestDatabase.get().adminUrl(),
					"databridge.databases.pooled.url=" + bouncer.url(user, PASSWORD, database),
					"databridge.databases.pooled.pool.size=8", "databridge.databases.pooled.pool.max-overflow=8")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				DatabaseClient pooled = context.getBean("pooledDatabaseClient", DatabaseClient.class);
				PoolerLoad.createSchema(pooled, CLIENTS);
				assertThat(output).contains("[pooled] Two connections were served by one server connection")
					.doesNotContain("[databridge] Two connections were served");
				PoolerLoad load = new PoolerLoad(pooled,
						TransactionalOperator
							.create(context.getBean("pooledTransactionManager", ReactiveTransactionManager.class)))
					.run(CLIENTS, CALLS_PER_CLIENT, 0);
				assertThat(load.wrongAnswers()).isEmpty();
				assertThat(load.errors()).isEmpty();
				assertThat(load.calls()).isEqualTo(CLIENTS * CALLS_PER_CLIENT);
				assertThat(
						pooled.sql("SELECT count(*) FROM transfers").map((row) -> row.get(0, Long.class)).one().block())
					.isEqualTo((long) load.transactions());
				assertThat(pooled
					.sql("SELECT sum(balance) = (SELECT coalesce(sum(amount), 0) FROM transfers) " + "FROM accounts")
					.map((row) -> row.get(0, Boolean.class))
					.one()
					.block()).isTrue();
			});
	}

	@Test
	void poolerWronglySetToNoneIsCaughtAtTheFirstNamedStatementErrorAndThenServesEveryCallRight(CapturedOutput output) {
		this.contextRunner.withPropertyValues(url(), "databridge.pooler=none").run((context) -> {
			assertThat(context).hasNotFailed();
			PoolerLoad first = runLoad(context);
			assertThat(first.wrongAnswers()).isEmpty();
			assertThat(first.errors()).isNotEmpty().hasSizeLessThan(CLIENTS * CALLS_PER_CLIENT / 10);
			assertThat(output).contains("New connections now prepare only unnamed statements");
			assertThat(output.toString().split("New connections now prepare only unnamed statements", -1)).hasSize(2);
			PoolerLoad second = new PoolerLoad(context.getBean(DatabaseClient.class), operator(context)).run(CLIENTS,
					CALLS_PER_CLIENT, CALLS_PER_CLIENT);
			assertThat(second.wrongAnswers()).isEmpty();
			assertThat(second.errors()).isEmpty();
			assertTransfersAddUp(context, first.transactions() + second.transactions());
		});
	}

	@Test
	void severalApplicationsThroughOnePgBouncerNeverOpenMoreServerConnectionsThanItsPool() throws Exception {
		List<ConfigurableApplicationContext> applications = new ArrayList<>();
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
		AtomicLong mostBackends = new AtomicLong();
		try {
			for (int i = 0; i < 3; i++) {
				applications.add(start("--" + url(), "--databridge.pool.name=instance-" + i, "--databridge.pool.size=6",
						"--databridge.pool.max-overflow=4"));
			}
			createSchema(applications.get(0));
			sampler.scheduleAtFixedRate(() -> mostBackends.accumulateAndGet(serverBackends(), Math::max), 0, 20,
					TimeUnit.MILLISECONDS);
			List<PoolerLoad> loads = applications.parallelStream()
				.map((application) -> new PoolerLoad(application.getBean(DatabaseClient.class), operator(application))
					.run(CLIENTS / 2, CALLS_PER_CLIENT, applications.indexOf(application) * 1000))
				.toList();
			for (PoolerLoad load : loads) {
				assertThat(load.wrongAnswers()).isEmpty();
				assertThat(load.errors()).isEmpty();
			}
			assertThat(mostBackends.get()).isBetween(1L, 2L);
		}
		finally {
			sampler.shutdownNow();
			applications.forEach(ConfigurableApplicationContext::close);
		}
	}

	@Test
	void sessionPoolerWithOneServerConnectionLeavesTheProbeUndecidedAndThePoolWorking(CapturedOutput output) {
		try (PgBouncer session = PgBouncer.in("127.0.0.1", TestDatabase.get().port())
			.user(user, PASSWORD)
			.poolMode("session")
			.defaultPoolSize(1)
			.start()) {
			this.contextRunner
				.withPropertyValues("databridge.url=" + session.url(user, PASSWORD, database), "databridge.pool.size=1",
						"databridge.pool.max-overflow=0")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(output).contains("Could not tell whether a transaction pooler stands in front");
					Integer answer = context.getBean(DatabaseClient.class)
						.sql("SELECT 41 + 1")
						.map((row) -> row.get(0, Integer.class))
						.one()
						.block(Duration.ofSeconds(30));
					assertThat(answer).isEqualTo(42);
				});
		}
	}

	@Test
	void pgBouncerThatRefusesTheStartupPacketIsQuotedWithTheFix(CapturedOutput output) {
		try (PgBouncer strict = PgBouncer.in("127.0.0.1", TestDatabase.get().port())
			.user(user, PASSWORD)
			.ignoreStartupParameters("")
			.start()) {
			assertThatException()
				.isThrownBy(() -> start("--databridge.url=" + strict.url(user, PASSWORD, database)).close());
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("Problem: Pooler refused")
				.contains("Server said: \"unsupported startup parameter: extra_float_digits\" (SQLSTATE 08P01)")
				.contains("ignore_startup_parameters = extra_float_digits")
				.contains("cannot leave it out")
				.doesNotContain(PASSWORD);
		}
	}

	@Test
	void lazyPoolBehindARefusingPgBouncerFailsEachCallAtOnceWithItsReasonAndSpacesOutLogins() {
		assertEachCallFailsAtOnceAndLoginsAreSpacedOut("databridge.pooler=auto");
	}

	@Test
	void lazyPoolToldItIsBehindARefusingPgBouncerLogsInOnceForItsFirstCallers() {
		assertEachCallFailsAtOnceAndLoginsAreSpacedOut("databridge.pooler=transaction");
	}

	private void assertEachCallFailsAtOnceAndLoginsAreSpacedOut(String pooler) {
		try (PgBouncer strict = PgBouncer.in("127.0.0.1", TestDatabase.get().port())
			.user(user, PASSWORD)
			.ignoreStartupParameters("")
			.start()) {
			this.contextRunner
				.withPropertyValues("databridge.url=" + strict.url(user, PASSWORD, database),
						"databridge.startup.mode=lazy", pooler)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					DatabaseClient client = context.getBean(DatabaseClient.class);
					long start = System.nanoTime();
					List<Throwable> failures = Flux.range(0, 2000)
						.flatMap((i) -> client.sql("SELECT 1")
							.map((row) -> 1)
							.one()
							.then(Mono.<Throwable>empty())
							.onErrorResume(Mono::just), CLIENTS)
						.collectList()
						.block(Duration.ofSeconds(60));
					Duration took = Duration.ofNanos(System.nanoTime() - start);
					assertThat(failures).hasSize(2000)
						.allSatisfy((failure) -> assertThat(ServerMessage.of(failure)).isNotNull()
							.extracting(ServerMessage::message)
							.isEqualTo("unsupported startup parameter: extra_float_digits"));
					assertThat(took).isLessThan(Duration.ofSeconds(10));
					long logins = strict.log().lines().filter((line) -> line.contains("closing because")).count();
					assertThat(logins).isBetween(1L, 1 + took.toMillis() / 100);
				});
		}
	}

	@Test
	void statementTimeoutThatThePoolerDropsSilentlyFailsStartupOnceTheProbeFindsThePooler(CapturedOutput output) {
		try (PgBouncer lenient = PgBouncer.in("127.0.0.1", TestDatabase.get().port())
			.user(user, PASSWORD)
			.ignoreStartupParameters("extra_float_digits,statement_timeout")
			.start()) {
			assertThatException().isThrownBy(() -> start("--databridge.url=" + lenient.url(user, PASSWORD, database),
					"--databridge.statement-timeout=5s")
				.close());
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("Problem: Pooler refused")
				.contains("databridge.statement-timeout")
				.contains("ALTER ROLE")
				.doesNotContain(PASSWORD);
		}
	}

	private static String url() {
		return "databridge.url=" + bouncer.url(user, PASSWORD, database);
	}

	private static PoolerLoad runLoad(ApplicationContext context) {
		createSchema(context);
		return new PoolerLoad(context.getBean(DatabaseClient.class), operator(context)).run(CLIENTS, CALLS_PER_CLIENT,
				0);
	}

	private static void createSchema(ApplicationContext context) {
		PoolerLoad.createSchema(context.getBean(DatabaseClient.class), CLIENTS);
	}

	private static TransactionalOperator operator(ApplicationContext context) {
		return TransactionalOperator.create(context.getBean(ReactiveTransactionManager.class));
	}

	private static void assertTransfersAddUp(ApplicationContext context, int transactions) {
		DatabaseClient client = context.getBean(DatabaseClient.class);
		Long transfers = client.sql("SELECT count(*) FROM transfers")
			.map((row) -> row.get(0, Long.class))
			.one()
			.block();
		Long moved = client.sql("SELECT coalesce(sum(amount), 0) FROM transfers")
			.map((row) -> row.get(0, Long.class))
			.one()
			.block();
		Long balances = client.sql("SELECT sum(balance) FROM accounts")
			.map((row) -> row.get(0, Long.class))
			.one()
			.block();
		assertThat(transfers).isEqualTo(transactions);
		assertThat(balances).isEqualTo(moved);
	}

	private static long serverBackends() {
		return TestDatabase.get()
			.queryLong("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + user + "' AND backend_type = "
					+ "'client backend'");
	}

	private static ConfigurableApplicationContext start(String... args) {
		SpringApplication application = new SpringApplication(ConnectionFactoryApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("spring.liquibase.enabled", "false", "spring.flyway.enabled", "false"));
		return application.run(args);
	}

}
