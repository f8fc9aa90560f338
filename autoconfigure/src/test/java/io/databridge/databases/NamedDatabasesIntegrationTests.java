package io.databridge.databases;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabasesAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeHealthContributorAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeMetricsAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeTransactionManagerAutoConfiguration;
import io.databridge.autoconfigure.InvalidDatabridgePropertyException;
import io.databridge.databases.notes.Note;
import io.databridge.databases.notes.NoteRepository;
import io.databridge.databases.reports.Report;
import io.databridge.databases.reports.ReportRepository;
import io.databridge.metrics.PoolGauges;
import io.databridge.metrics.PoolMeters;
import io.databridge.metrics.QueryMeters;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
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
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A primary database and two more under {@code databridge.databases} ({@code reports} and
 * {@code order-history}), each a real database on the test server: every one has its own
 * pool and beans qualified by its name, statements, transactions and Spring Data
 * repositories run where their beans say, connections are reused within each pool, and
 * health and metrics report each pool by name. Code written against the primary, with no
 * qualifier, sees only the primary's beans.
 *
 * @author Databridge team
 */
class NamedDatabasesIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int REPORTS_POOL_SIZE = 2;

	private final TestDatabase server = TestDatabase.get();

	private final String password = UUID.randomUUID().toString();

	private final String user = this.server.createUser(this.password);

	private final String primaryDatabase = this.server.createDatabase(this.user);

	private final String reportsDatabase = this.server.createDatabase(this.user);

	private final String historyDatabase = this.server.createDatabase(this.user);

	private final String applicationName = "named-" + System.nanoTime();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabasesAutoConfiguration.class, DatabridgeDatabaseClientAutoConfiguration.class,
				DatabridgeTransactionManagerAutoConfiguration.class, R2dbcTransactionManagerAutoConfiguration.class,
				TransactionAutoConfiguration.class, DataR2dbcAutoConfiguration.class,
				DatabridgeHealthContributorAutoConfiguration.class, DatabridgeMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withUserConfiguration(PrimaryRepositories.class, ReportsRepositories.class, Services.class)
		.withPropertyValues("databridge.embedded.enabled=false", "databridge.url=" + url(this.primaryDatabase),
				"databridge.application-name=" + this.applicationName + "-primary", "databridge.pool.size=3",
				"databridge.databases.reports.url=" + url(this.reportsDatabase),
				"databridge.databases.reports.application-name=" + this.applicationName + "-reports",
				"databridge.databases.reports.pool.size=" + REPORTS_POOL_SIZE,
				"databridge.databases.reports.pool.max-overflow=0",
				"databridge.databases.order-history.url=" + url(this.historyDatabase),
				"databridge.databases.order-history.pool.size=1");

	@Test
	void eachDatabaseHasItsOwnPoolAndBeansQualifiedByItsName() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(currentDatabase(context.getBean(DatabaseClient.class))).isEqualTo(this.primaryDatabase);
			assertThat(currentDatabase(qualified(context, DatabaseClient.class, "reports")))
				.isEqualTo(this.reportsDatabase);
			assertThat(currentDatabase(qualified(context, DatabaseClient.class, "order-history")))
				.isEqualTo(this.historyDatabase);
			assertThat(context.getBean("reportsDatabaseClient"))
				.isSameAs(qualified(context, DatabaseClient.class, "reports"));
			assertThat(context.getBean("orderHistoryConnectionFactory"))
				.isSameAs(qualified(context, ConnectionFactory.class, "order-history"));
			DatabridgeConnectionPool reports = qualified(context, DatabridgeConnectionPool.class, "reports");
			assertThat(reports.getSettings().name()).isEqualTo("reports");
			assertThat(reports.getSettings().size()).isEqualTo(REPORTS_POOL_SIZE);
			assertThat(context.getBean(DatabridgeConnectionPool.class).getSettings().name()).isEqualTo("databridge");
			Services.Injected injected = context.getBean(Services.Injected.class);
			assertThat(currentDatabase(injected.primary())).isEqualTo(this.primaryDatabase);
			assertThat(currentDatabase(injected.reports())).isEqualTo(this.reportsDatabase);
			assertThat(injected.reportsFactory()).isSameAs(reports);
		});
	}

	@Test
	void codeWrittenForThePrimaryStillSeesOnlyThePrimarysBeans() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ConnectionFactory.class)).isSameAs(context.getBean("connectionFactory"));
			assertThat(context.getBeanProvider(ConnectionFactory.class).getIfUnique())
				.isSameAs(context.getBean("connectionFactory"));
			assertThat(context.getBean(DatabaseClient.class)).isSameAs(context.getBean("r2dbcDatabaseClient"));
			assertThat(context.getBean(ReactiveTransactionManager.class))
				.isSameAs(context.getBean("connectionFactoryTransactionManager"));
			assertThat(context.getBean(R2dbcEntityTemplate.class)).isSameAs(context.getBean("r2dbcEntityTemplate"));
			assertThat(context.getBeansOfType(DatabridgeConnectionPool.class)).containsOnlyKeys("connectionFactory",
					"reportsConnectionFactory", "orderHistoryConnectionFactory");
		});
	}

	@Test
	void transactionsCommitAndRollBackOnTheirOwnDatabase() {
		this.contextRunner.run((context) -> {
			createTables(context);
			Services.Ledger ledger = context.getBean(Services.Ledger.class);
			assertThat(ledger.addReport("kept", 5).block(TIMEOUT)).isEqualTo(1);
			assertThat(ledger.addReportThenFail("rolled back").onErrorResume((ex) -> Mono.empty()).block(TIMEOUT))
				.isNull();
			assertThat(ledger.addNoteThenFail("rolled back").onErrorResume((ex) -> Mono.empty()).block(TIMEOUT))
				.isNull();
			DatabaseClient reports = qualified(context, DatabaseClient.class, "reports");
			assertThat(titles(reports)).containsExactly("kept");
			assertThat(count(context.getBean(DatabaseClient.class), "note")).isZero();
			assertThat(ledger.readOnlyOnReports().block(TIMEOUT)).isEqualTo(List.of(this.reportsDatabase, "on"));
			ReactiveTransactionManager reportsTransactions = qualified(context, ReactiveTransactionManager.class,
					"reports");
			assertThat(context.getBean("reportsTransactionManager")).isSameAs(reportsTransactions);
			TransactionalOperator operator = TransactionalOperator.create(reportsTransactions);
			reports.sql("INSERT INTO report (title, total) VALUES ('operator', 1)")
				.fetch()
				.rowsUpdated()
				.then(Mono.error(new IllegalStateException("undo")))
				.as(operator::transactional)
				.onErrorResume((ex) -> Mono.empty())
				.block(TIMEOUT);
			assertThat(titles(reports)).containsExactly("kept");
			DefaultTransactionDefinition readOnly = new DefaultTransactionDefinition();
			readOnly.setReadOnly(true);
			assertThat(reports.sql("SHOW transaction_read_only")
				.map((row) -> row.get(0, String.class))
				.one()
				.as(TransactionalOperator.create(reportsTransactions, readOnly)::transactional)
				.block(TIMEOUT)).isEqualTo("on");
		});
	}

	@Test
	void repositoriesAndEntityTemplateOfEachDatabaseAnswerFromIt() {
		this.contextRunner.run((context) -> {
			createTables(context);
			ReportRepository reports = context.getBean(ReportRepository.class);
			NoteRepository notes = context.getBean(NoteRepository.class);
			Report saved = reports.save(Report.of("q1", 40)).block(TIMEOUT);
			reports.saveAll(List.of(Report.of("q2", 2), Report.of("q3", 3))).blockLast(TIMEOUT);
			notes.save(new Note(null, "primary only")).block(TIMEOUT);
			assertThat(saved.id()).isNotNull();
			assertThat(reports.findById(saved.id()).block(TIMEOUT)).isEqualTo(saved);
			assertThat(reports.count().block(TIMEOUT)).isEqualTo(3);
			assertThat(reports.existsById(saved.id()).block(TIMEOUT)).isTrue();
			assertThat(reports.existsById(999L).block(TIMEOUT)).isFalse();
			assertThat(reports.findByTitle("q2").map(Report::total).collectList().block(TIMEOUT)).containsExactly(2L);
			assertThat(reports.existsByTitle("q3").block(TIMEOUT)).isTrue();
			assertThat(reports.sumOfTotals().block(TIMEOUT)).isEqualTo(45);
			assertThat(notes.count().block(TIMEOUT)).isEqualTo(1);
			R2dbcEntityTemplate template = qualified(context, R2dbcEntityTemplate.class, "reports");
			assertThat(template.selectOne(Query.query(Criteria.where("title").is("q1")), Report.class)
				.map(Report::total)
				.block(TIMEOUT)).isEqualTo(40);
			assertThat(count(qualified(context, DatabaseClient.class, "reports"), "report")).isEqualTo(3);
			assertThat(count(context.getBean(DatabaseClient.class), "note")).isEqualTo(1);
		});
	}

	@Test
	void callsOnANamedDatabaseReuseItsPoolsConnections() {
		this.contextRunner.run((context) -> {
			createTables(context);
			DatabaseClient client = qualified(context, DatabaseClient.class, "reports");
			ReportRepository reports = context.getBean(ReportRepository.class);
			R2dbcEntityTemplate template = qualified(context, R2dbcEntityTemplate.class, "reports");
			reports.saveAll(Flux.range(0, 20).map((i) -> Report.of("t" + i, i))).blockLast(TIMEOUT);
			Set<Integer> pids = ConcurrentHashMap.newKeySet();
			List<Boolean> answers = Flux.range(0, 1000).flatMap((i) -> switch (i % 6) {
				case 0 -> client.sql("SELECT pg_backend_pid()")
					.map((row) -> row.get(0, Integer.class))
					.first()
					.map(pids::add)
					.thenReturn(true);
				case 1 -> client.sql("SELECT total FROM report ORDER BY id")
					.map((row) -> row.get(0, Long.class))
					.all()
					.take(2)
					.collectList()
					.map((totals) -> totals.equals(List.of(0L, 1L)));
				case 2 -> reports.count().map((count) -> count == 20);
				case 3 -> reports.existsById(1L + (i % 20));
				case 4 -> reports.findByTitle("t" + (i % 20)).next().map((report) -> report.total() == i % 20);
				default -> template.selectOne(Query.query(Criteria.where("title").is("t7")), Report.class)
					.map((report) -> report.total() == 7);
			}, 8).collectList().block(TIMEOUT);
			assertThat(answers).hasSize(1000).containsOnly(true);
			assertThat(pids).isNotEmpty().hasSizeLessThanOrEqualTo(REPORTS_POOL_SIZE);
			assertThat(this.server.backendPids(this.applicationName + "-reports"))
				.hasSizeLessThanOrEqualTo(REPORTS_POOL_SIZE)
				.containsAll(pids);
			assertThat(this.server.backendPids(this.applicationName + "-primary")).doesNotContainAnyElementsOf(pids);
		});
	}

	@Test
	void healthReportsEveryDatabaseByName() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("databridgeHealthIndicator");
			CompositeReactiveHealthContributor databases = context.getBean("databridgeDatabasesHealthContributor",
					CompositeReactiveHealthContributor.class);
			assertThat(databases.stream().map((entry) -> entry.name())).containsExactly("reports", "order-history");
			Health reports = ((ReactiveHealthIndicator) databases.getContributor("reports")).health().block(TIMEOUT);
			assertThat(reports.getStatus()).isEqualTo(Status.UP);
			assertThat(reports.getDetails()).containsEntry("database", this.reportsDatabase);
			Health history = ((ReactiveHealthIndicator) databases.getContributor("order-history")).health()
				.block(TIMEOUT);
			assertThat(history.getDetails()).containsEntry("database", this.historyDatabase);
			Health primary = context.getBean("databridgeHealthIndicator", ReactiveHealthIndicator.class)
				.health()
				.block(TIMEOUT);
			assertThat(primary.getDetails()).containsEntry("database", this.primaryDatabase);
		});
	}

	@Test
	void metricsAreTaggedWithEachPoolsName() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(PoolGauges.class).bindTo(registry);
			DatabaseClient reports = qualified(context, DatabaseClient.class, "reports");
			long reportsAcquiredAtStart = registry.get(PoolMeters.ACQUIRE).tag("pool", "reports").timer().count();
			long primaryAcquiredAtStart = registry.get(PoolMeters.ACQUIRE).tag("pool", "databridge").timer().count();
			for (int i = 0; i < 5; i++) {
				currentDatabase(reports);
			}
			currentDatabase(context.getBean(DatabaseClient.class));
			assertThat(registry.get(PoolGauges.MAX).tag("pool", "reports").gauge().value())
				.isEqualTo(REPORTS_POOL_SIZE);
			assertThat(registry.get(PoolGauges.MAX).tag("pool", "order-history").gauge().value()).isEqualTo(11);
			assertThat(registry.get(PoolGauges.MAX).tag("pool", "databridge").gauge().value()).isEqualTo(13);
			assertThat(registry.get(QueryMeters.QUERY).tag("pool", "reports").timer().count()).isEqualTo(5);
			assertThat(registry.get(QueryMeters.QUERY).tag("pool", "databridge").timer().count()).isEqualTo(1);
			assertThat(registry.get(PoolMeters.ACQUIRE).tag("pool", "reports").timer().count())
				.isEqualTo(reportsAcquiredAtStart + 5);
			assertThat(registry.get(PoolMeters.ACQUIRE).tag("pool", "databridge").timer().count())
				.isEqualTo(primaryAcquiredAtStart + 1);
		});
	}

	@Test
	void mistakeInANamedDatabaseNamesItsFullPropertyPath() {
		this.contextRunner.withPropertyValues("databridge.databases.reports.pool.size=-1")
			.run((context) -> assertRefused(context, "databridge.databases.reports.pool.size"));
	}

	@Test
	void unknownKeyUnderANamedDatabaseNamesItsFullPropertyPath() {
		this.contextRunner.withPropertyValues("databridge.databases.reports.pool.sise=4")
			.run((context) -> assertRefused(context, "databridge.databases.reports.pool.sise"));
	}

	@Test
	void namedDatabaseWithoutUrlNamesItsUrlProperty() {
		this.contextRunner.withPropertyValues("databridge.databases.audit.pool.size=1")
			.run((context) -> assertRefused(context, "databridge.databases.audit.url"));
	}

	@Test
	void twoPoolsOfOneNameAreRefused() {
		this.contextRunner.withPropertyValues("databridge.databases.reports.pool.name=databridge")
			.run((context) -> assertRefused(context, "databridge.databases.reports.pool.name"));
	}

	@Test
	void namedDatabaseThatRefusesTheLoginStopsStartupQuotingTheServer() {
		this.contextRunner.withPropertyValues("databridge.databases.reports.password=Wr0ng-" + this.password)
			.run((context) -> {
				assertThat(context).hasFailed();
				String report = String.valueOf(context.getStartupFailure());
				Throwable cause = context.getStartupFailure();
				StringBuilder messages = new StringBuilder(report);
				while (cause.getCause() != null && cause.getCause() != cause) {
					cause = cause.getCause();
					messages.append('\n').append(cause.getMessage());
				}
				assertThat(messages.toString()).contains("28P01").contains("reports").doesNotContain(this.password);
			});
	}

	private void assertRefused(AssertableApplicationContext context, String property) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof InvalidDatabridgePropertyException)) {
			failure = failure.getCause();
		}
		assertThat(failure).isInstanceOf(InvalidDatabridgePropertyException.class);
		InvalidDatabridgePropertyException refused = (InvalidDatabridgePropertyException) failure;
		assertThat(refused.getProperty()).isEqualTo(property);
		assertThat(refused.getMessage()).contains(property).doesNotContain(this.password);
	}

	private String url(String database) {
		return "postgresql://" + this.user + ":" + this.password + "@" + this.server.host() + ":" + this.server.port()
				+ "/" + database;
	}

	private static <T> T qualified(AssertableApplicationContext context, Class<T> type, String qualifier) {
		return BeanFactoryAnnotationUtils.qualifiedBeanOfType(context.getBeanFactory(), type, qualifier);
	}

	private static void createTables(AssertableApplicationContext context) {
		context.getBean(DatabaseClient.class)
			.sql("CREATE TABLE note (id bigserial PRIMARY KEY, text text NOT NULL)")
			.then()
			.block(TIMEOUT);
		qualified(context, DatabaseClient.class, "reports")
			.sql("CREATE TABLE report (id bigserial PRIMARY KEY, title text NOT NULL, total bigint NOT NULL)")
			.then()
			.block(TIMEOUT);
	}

	private static String currentDatabase(DatabaseClient client) {
		return client.sql("SELECT current_database()").map((row) -> row.get(0, String.class)).one().block(TIMEOUT);
	}

	private static long count(DatabaseClient client, String table) {
		return client.sql("SELECT count(*) FROM " + table).map((row) -> row.get(0, Long.class)).one().block(TIMEOUT);
	}

	private static List<String> titles(DatabaseClient client) {
		return client.sql("SELECT title FROM report ORDER BY id")
			.map((row) -> row.get(0, String.class))
			.all()
			.collectList()
			.block(TIMEOUT);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	@EnableR2dbcRepositories(basePackageClasses = NoteRepository.class)
	static class PrimaryRepositories {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableR2dbcRepositories(basePackageClasses = ReportRepository.class,
			entityOperationsRef = "reportsR2dbcEntityTemplate")
	static class ReportsRepositories {

	}

	@Configuration(proxyBeanMethods = false)
	static class Services {

		@Bean
		Injected injected(DatabaseClient primary, @Qualifier("reports") DatabaseClient reports,
				@Qualifier("reports") ConnectionFactory reportsFactory) {
			return new Injected(primary, reports, reportsFactory);
		}

		@Bean
		Ledger ledger(DatabaseClient primary, @Qualifier("reports") DatabaseClient reports) {
			return new Ledger(primary, reports);
		}

		record Injected(DatabaseClient primary, DatabaseClient reports, ConnectionFactory reportsFactory) {

		}

		/**
		 * Writes in transactions of the primary and of the {@code reports} database.
		 */
		static class Ledger {

			private final DatabaseClient primary;

			private final DatabaseClient reports;

			Ledger(DatabaseClient primary, DatabaseClient reports) {
				this.primary = primary;
				this.reports = reports;
			}

			@Transactional("reports")
			public Mono<Long> addReport(String title, long total) {
				return insertReport(title, total)
					.then(this.reports.sql("SELECT count(*) FROM report").map((row) -> row.get(0, Long.class)).one());
			}

			@Transactional("reports")
			public Mono<Void> addReportThenFail(String title) {
				return insertReport(title, 0).then(Mono.error(new IllegalStateException("undo " + title)));
			}

			@Transactional
			public Mono<Void> addNoteThenFail(String text) {
				return this.primary.sql("INSERT INTO note (text) VALUES (:text)")
					.bind("text", text)
					.then()
					.then(Mono.error(new IllegalStateException("undo " + text)));
			}

			@Transactional(transactionManager = "reports", readOnly = true)
			public Mono<List<String>> readOnlyOnReports() {
				return this.reports.sql("SELECT current_database(), current_setting('transaction_read_only')")
					.map((row) -> List.of(row.get(0, String.class), row.get(1, String.class)))
					.one();
			}

			private Mono<Void> insertReport(String title, long total) {
				return this.reports.sql("INSERT INTO report (title, total) VALUES (:title, :total)")
					.bind("title", title)
					.bind("total", total)
					.then();
			}

		}

	}

}
