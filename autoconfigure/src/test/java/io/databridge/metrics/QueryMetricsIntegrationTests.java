package io.databridge.metrics;

import java.time.Duration;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeMetricsAutoConfiguration;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The per-statement timer against a real PostgreSQL: one recording per execution, tagged
 * with the operation and the outcome, however the results are read.
 *
 * @author Databridge team
 */
class QueryMetricsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final TestDatabase database = TestDatabase.get();

	private final String table = "metered_" + System.nanoTime();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class, DatabridgeMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.embedded.enabled=false");

	@Test
	void everyExecutionIsTimedOnceByOperationAndOutcome() {
		this.contextRunner.run((context) -> {
			DatabaseClient client = context.getBean(DatabaseClient.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			client.sql("CREATE TABLE " + this.table + " (id int PRIMARY KEY, name text)").then().block(TIMEOUT);
			for (int i = 1; i <= 3; i++) {
				client.sql("INSERT INTO " + this.table + " VALUES (:id, :name)")
					.bind("id", i)
					.bind("name", "n" + i)
					.fetch()
					.rowsUpdated()
					.block(TIMEOUT);
			}
			assertThat(client.sql("SELECT name FROM " + this.table + " ORDER BY id")
				.fetch()
				.all()
				.collectList()
				.block(TIMEOUT)).hasSize(3);
			assertThat(client.sql("SELECT name FROM " + this.table + " ORDER BY id").fetch().first().block(TIMEOUT))
				.isNotNull();
			client.sql("UPDATE " + this.table + " SET name = 'x'").fetch().rowsUpdated().block(TIMEOUT);
			assertThatException()
				.isThrownBy(() -> client.sql("SELECT * FROM no_such_table").fetch().all().blockLast(TIMEOUT));
			assertThat(count(registry, "CREATE", "success")).isEqualTo(1);
			assertThat(count(registry, "INSERT", "success")).isEqualTo(3);
			assertThat(count(registry, "SELECT", "success")).isEqualTo(2);
			assertThat(count(registry, "UPDATE", "success")).isEqualTo(1);
			assertThat(count(registry, "SELECT", "error")).isEqualTo(1);
			assertThat(registry.find(QueryMeters.QUERY).timers().stream().mapToLong(Timer::count).sum()).isEqualTo(8);
		});
	}

	@Test
	void driverLevelStatementsAndBatchesAreTimed() {
		this.contextRunner.run((context) -> {
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Long sum = Mono
				.usingWhen(pool.create(),
						(connection) -> Mono.from(connection.createStatement("SELECT 1 + 1").execute())
							.flatMap((result) -> Mono.from(result.map((row) -> row.get(0, Long.class)))),
						Connection::close)
				.block(TIMEOUT);
			assertThat(sum).isEqualTo(2);
			Long rows = Mono
				.usingWhen(pool.create(),
						(connection) -> Flux.from(connection.createBatch().add("SELECT 1").add("SELECT 2").execute())
							.concatMap((result) -> result.map((row) -> 1L))
							.count(),
						Connection::close)
				.block(TIMEOUT);
			assertThat(rows).isEqualTo(2);
			assertThat(count(registry, "SELECT", "success")).isEqualTo(1);
			assertThat(count(registry, "BATCH", "success")).isEqualTo(1);
		});
	}

	@Test
	void subscriberThatCancelsBeforeAnyRowIsCountedAsCancelled() {
		this.contextRunner.run((context) -> {
			DatabaseClient client = context.getBean(DatabaseClient.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThatException().isThrownBy(() -> client.sql("SELECT pg_sleep(0.5)")
				.fetch()
				.one()
				.timeout(Duration.ofMillis(100))
				.block(TIMEOUT));
			assertThat(count(registry, "SELECT", "cancelled")).isEqualTo(1);
			assertThat(count(registry, "SELECT", "success")).isZero();
		});
	}

	@Test
	void openTelemetryDurationCarriesTheDatabaseAttributesAndTheSqlStateOfFailures() {
		this.contextRunner.withPropertyValues("databridge.observability.metrics.open-telemetry-names=true")
			.run((context) -> {
				DatabaseClient client = context.getBean(DatabaseClient.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				client.sql("SELECT 1").fetch().one().block(TIMEOUT);
				assertThatException()
					.isThrownBy(() -> client.sql("SELECT * FROM no_such_table").fetch().one().block(TIMEOUT));
				assertThat(registry.get("db.client.operation.duration")
					.tag("db.system.name", "postgresql")
					.tag("db.namespace", this.database.database())
					.tag("db.operation.name", "SELECT")
					.tag("server.port", String.valueOf(this.database.port()))
					.tag("error.type", "")
					.timer()
					.count()).isEqualTo(1);
				assertThat(registry.get("db.client.operation.duration").tag("error.type", "42P01").timer().count())
					.isEqualTo(1);
			});
	}

	private static long count(MeterRegistry registry, String operation, String outcome) {
		Timer timer = registry.find(QueryMeters.QUERY)
			.tag("pool", "databridge")
			.tag("operation", operation)
			.tag("outcome", outcome)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

}
