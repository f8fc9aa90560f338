package io.databridge.replica;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeMetricsAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeTransactionManagerAutoConfiguration;
import io.databridge.health.DatabridgeHealthIndicator;
import io.databridge.health.HealthCheckMode;
import io.databridge.metrics.PoolGauges;
import io.databridge.metrics.QueryMeters;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.ReadOnlyTransactions;
import io.databridge.test.RestartablePostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.r2dbc.repository.config.EnableR2dbcRepositories;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real primary and a hot standby streaming from it (a copy of the primary's data
 * directory, started with {@code standby.signal}): read-only transactions, by
 * {@code @Transactional(readOnly = true)} or a read-only {@code TransactionalOperator},
 * run on the standby, as {@code pg_is_in_recovery()} inside them shows; read-write
 * transactions and statements outside a transaction run on the primary. While the standby
 * is down, read-only transactions run on the primary, and they return to the standby once
 * it is back.
 *
 * @author Databridge team
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadReplicaIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String PASSWORD = "Repl1ca-Pa55";

	private static final int FIRST_ROW = 90_000;

	private static RestartablePostgres primary;

	private static RestartablePostgres standby;

	private static String user;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class, DatabridgeTransactionManagerAutoConfiguration.class,
				DatabridgeMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withUserConfiguration(Services.class);

	@BeforeAll
	static void startServers() {
		primary = RestartablePostgres.start(Map.of());
		user = primary.createUser(PASSWORD);
		primary.execute("CREATE TABLE replicated (id int PRIMARY KEY); GRANT ALL ON replicated TO " + user);
		standby = primary.startStandby();
	}

	@AfterAll
	static void stopServers() {
		if (standby != null) {
			standby.close();
		}
		if (primary != null) {
			primary.close();
		}
	}

	@Test
	void readOnlyTransactionsRunOnTheReplicaAndEverythingElseOnThePrimary() {
		this.contextRunner.withPropertyValues(properties()).run((context) -> {
			assertThat(context).hasNotFailed();
			Reads reads = context.getBean(Reads.class);
			DatabaseClient client = context.getBean(DatabaseClient.class);
			TransactionalOperator readOnly = TransactionalOperator
				.create(context.getBean(ReactiveTransactionManager.class), readOnlyDefinition());
			assertThat(reads.inReadOnlyTransaction().block(TIMEOUT)).isTrue();
			assertThat(readOnly.transactional(inRecovery(client)).block(TIMEOUT)).isTrue();
			assertThat(reads.inReadWriteTransaction().block(TIMEOUT)).isFalse();
			assertThat(inRecovery(client).block(TIMEOUT)).isFalse();
			assertThat(inRecovery(client).contextWrite(ReadOnlyTransactions::mark).block(TIMEOUT)).isTrue();
			assertThat(reads.insert(42).block(TIMEOUT)).isEqualTo(1L);
			await().atMost(TIMEOUT)
				.until(() -> readOnly
					.transactional(client.sql("SELECT count(*) FROM replicated WHERE id = 42")
						.map((row) -> row.get(0, Long.class))
						.one())
					.block(TIMEOUT) == 1L);
			assertThat(context.getBean(DatabridgeConnectionPool.class).getReadReplicas()).hasSize(1);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(PoolGauges.class).bindTo(registry);
			assertThat(
					registry.get("databridge.connections.acquire").tag("pool", "databridge-replica-1").timer().count())
				.isPositive();
			assertThat(registry.get("databridge.connections.max").tag("pool", "databridge-replica-1").gauge().value())
				.isEqualTo(1 + 10);
			assertThat(registry.get("databridge.connections.max").tag("pool", "databridge").gauge().value())
				.isEqualTo(2 + 10);
			long onReplica = statements(registry, "databridge-replica-1");
			long onPrimary = statements(registry, "databridge");
			for (int i = 0; i < 3; i++) {
				assertThat(inRecovery(client).contextWrite(ReadOnlyTransactions::mark).block(TIMEOUT)).isTrue();
			}
			assertThat(statements(registry, "databridge-replica-1")).isEqualTo(onReplica + 3);
			assertThat(statements(registry, "databridge")).isEqualTo(onPrimary);
		});
	}

	private static long statements(MeterRegistry registry, String pool) {
		return registry.find(QueryMeters.QUERY).tag("pool", pool).timers().stream().mapToLong(Timer::count).sum();
	}

	@Test
	void readOnlyTransactionsRunOnThePrimaryWhileTheReplicaIsDownAndReturnWhenItIsBack(CapturedOutput output) {
		this.contextRunner.withPropertyValues(properties()).run((context) -> {
			Reads reads = context.getBean(Reads.class);
			assertThat(reads.inReadOnlyTransaction().block(TIMEOUT)).isTrue();
			standby.stop();
			try {
				long start = System.nanoTime();
				assertThat(reads.inReadOnlyTransaction().block(TIMEOUT)).isFalse();
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
				assertThat(output).contains("The read replica is unavailable");
				assertThat(reads.inReadOnlyTransaction().block(TIMEOUT)).isFalse();
				Health health = health(context);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(replicaDetails(health)).containsEntry("status", "down").containsKey("error");
			}
			finally {
				standby.start();
			}
			await().atMost(TIMEOUT).until(() -> reads.inReadOnlyTransaction().block(TIMEOUT));
			assertThat(output).contains("The read replica answers again");
			assertThat(replicaDetails(health(context))).containsEntry("status", "serving");
		});
		assertThat(output).doesNotContain(PASSWORD);
	}

	@Test
	void readOnlyTransactionsRunOnThePrimaryWhileTheReplicaLagsAndReturnWhenItCatchesUp(CapturedOutput output) {
		this.contextRunner.withPropertyValues(properties())
			.withPropertyValues("databridge.replicas[0].max-lag=1s")
			.run((context) -> {
				Reads reads = context.getBean(Reads.class);
				assertThat(reads.inReadOnlyTransaction().block(TIMEOUT)).isTrue();
				standby.execute("SELECT pg_wal_replay_pause()");
				AtomicInteger id = new AtomicInteger(1000);
				try {
					await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
						primary.execute("INSERT INTO replicated (id) VALUES (" + id.incrementAndGet() + ")");
						return !reads.inReadOnlyTransaction().block(TIMEOUT);
					});
					assertThat(output).contains("The read replica lags").contains("more than its max-lag of PT1S");
					Map<String, Object> lagging = replicaDetails(health(context));
					assertThat(lagging).containsEntry("status", "lagging");
					assertThat((Double) lagging.get("lagSeconds")).isGreaterThan(1.0);
				}
				finally {
					standby.execute("SELECT pg_wal_replay_resume()");
				}
				await().atMost(TIMEOUT).until(() -> reads.inReadOnlyTransaction().block(TIMEOUT));
				assertThat(output).contains("The read replica has caught up");
			});
	}

	private static Health health(AssertableApplicationContext context) {
		return new DatabridgeHealthIndicator(context.getBean(DatabridgeConnectionPool.class), HealthCheckMode.QUERY,
				Duration.ofSeconds(2), Duration.ZERO)
			.health()
			.block(TIMEOUT);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> replicaDetails(Health health) {
		Map<String, Object> replicas = (Map<String, Object>) health.getDetails().get("replicas");
		return (Map<String, Object>) replicas.get("databridge-replica-1");
	}

	@Test
	void springDataReadsInReadOnlyTransactionsRunOnTheReplicaOnItsOwnConnections() {
		primary.execute("INSERT INTO replicated SELECT g FROM generate_series(" + FIRST_ROW + ", " + (FIRST_ROW + 19)
				+ ") g ON CONFLICT DO NOTHING");
		String applicationName = "replica-reads-" + System.nanoTime();
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(TransactionAutoConfiguration.class, DataR2dbcAutoConfiguration.class))
			.withUserConfiguration(Repositories.class)
			.withPropertyValues(properties())
			.withPropertyValues("databridge.replicas[0].size=2", "databridge.pool.max-overflow=0",
					"databridge.application-name=" + applicationName)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RepositoryReads reads = context.getBean(RepositoryReads.class);
				await().atMost(TIMEOUT).until(() -> reads.rowsOnTheReplica().block(TIMEOUT) == 20);
				Set<Integer> pids = ConcurrentHashMap.newKeySet();
				List<Boolean> answers = Flux.range(0, 400)
					.flatMap((i) -> reads.read(i, pids), 4)
					.collectList()
					.block(TIMEOUT);
				assertThat(answers).hasSize(400).containsOnly(true);
				assertThat(pids).isNotEmpty().hasSizeLessThanOrEqualTo(2);
				assertThat(standby.countConnections(applicationName, null)).isBetween(1, 2);
			});
	}

	private static String[] properties() {
		return new String[] { "databridge.embedded.enabled=false", "databridge.pool.size=2",
				"databridge.url=postgresql://" + user + ":" + PASSWORD + "@localhost:" + primary.port() + "/postgres",
				"databridge.replicas[0].url=postgresql://localhost:" + standby.port() + "/postgres",
				"databridge.replicas[0].size=1", "databridge.replicas[0].acquire-timeout=1s" };
	}

	private static TransactionDefinition readOnlyDefinition() {
		DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
		definition.setReadOnly(true);
		return definition;
	}

	private static Mono<Boolean> inRecovery(DatabaseClient client) {
		return client.sql("SELECT pg_is_in_recovery()").map((row) -> row.get(0, Boolean.class)).one();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	static class Services {

		@Bean
		RepositoryReads repositoryReads(ObjectProvider<ReplicatedRepository> repository, DatabaseClient client) {
			return new RepositoryReads(repository, client);
		}

		@Bean
		Reads reads(DatabaseClient client) {
			return new Reads(client);
		}

	}

	/**
	 * Transactional methods as an application writes them.
	 */
	public static class Reads {

		private final DatabaseClient client;

		public Reads(DatabaseClient client) {
			this.client = client;
		}

		@Transactional(readOnly = true)
		public Mono<Boolean> inReadOnlyTransaction() {
			return inRecovery(this.client);
		}

		@Transactional
		public Mono<Boolean> inReadWriteTransaction() {
			return inRecovery(this.client);
		}

		@Transactional
		public Mono<Long> insert(int id) {
			return this.client.sql("INSERT INTO replicated (id) VALUES (:id)").bind("id", id).fetch().rowsUpdated();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableR2dbcRepositories(basePackageClasses = ReplicatedRepository.class)
	static class Repositories {

	}

	/**
	 * Read-only transactions that read through a Spring Data repository, each call shape
	 * checking its answer and noting the server backend it ran on.
	 */
	public static class RepositoryReads {

		private final ObjectProvider<ReplicatedRepository> repository;

		private final DatabaseClient client;

		public RepositoryReads(ObjectProvider<ReplicatedRepository> repository, DatabaseClient client) {
			this.repository = repository;
			this.client = client;
		}

		@Transactional(readOnly = true)
		public Mono<Long> rowsOnTheReplica() {
			return this.repository.getObject().countByIdGreaterThanEqual(FIRST_ROW);
		}

		@Transactional(readOnly = true)
		public Mono<Boolean> read(int i, Set<Integer> pids) {
			ReplicatedRepository rows = this.repository.getObject();
			int id = FIRST_ROW + (i % 20);
			Mono<Boolean> answer = switch (i % 5) {
				case 0 -> rows.findById(id).map((row) -> row.id() == id);
				case 1 -> rows.existsById(id);
				case 2 -> rows.countByIdGreaterThanEqual(FIRST_ROW).map((count) -> count == 20);
				case 3 ->
					rows.findFirstByIdGreaterThanEqualOrderByIdDesc(FIRST_ROW).map((row) -> row.id() == FIRST_ROW + 19);
				default -> rows.findAll().filter((row) -> row.id() >= FIRST_ROW).take(3).count().map((n) -> n == 3);
			};
			return this.client.sql("SELECT pg_backend_pid(), pg_is_in_recovery()").map((row) -> {
				pids.add(row.get(0, Integer.class));
				return row.get(1, Boolean.class);
			}).one().flatMap((inRecovery) -> answer.map((right) -> right && inRecovery));
		}

	}

}
