package io.databridge.observation;

import java.time.Duration;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeMetricsAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeObservationAutoConfiguration;
import io.databridge.metrics.QueryMeters;
import io.databridge.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.core.DatabaseClient;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * One observation per statement against a real PostgreSQL, named with the OpenTelemetry
 * database conventions, and no second query timer from the observation.
 *
 * @author Databridge team
 */
class QueryObservationIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class, DatabridgeObservationAutoConfiguration.class))
		.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.embedded.enabled=false");

	@Test
	void eachStatementIsOneObservationWithTheDatabaseAttributes() {
		this.contextRunner.withBean(TestObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			DatabaseClient client = context.getBean(DatabaseClient.class);
			assertThat(client.sql("SELECT 'secret-literal' AS v, :p AS w")
				.bind("p", "secret-parameter")
				.fetch()
				.one()
				.block(TIMEOUT)).isNotNull();
			assertThat(registry).hasNumberOfObservationsEqualTo(1)
				.hasSingleObservationThat()
				.hasNameEqualTo("databridge.query")
				.hasContextualNameEqualTo("SELECT " + this.database.database())
				.hasLowCardinalityKeyValue("db.system.name", "postgresql")
				.hasLowCardinalityKeyValue("db.namespace", this.database.database())
				.hasLowCardinalityKeyValue("db.operation.name", "SELECT")
				.hasLowCardinalityKeyValue("server.address", this.database.host())
				.hasLowCardinalityKeyValue("server.port", String.valueOf(this.database.port()))
				.hasLowCardinalityKeyValue("outcome", "success")
				.doesNotHaveHighCardinalityKeyValueWithKey("db.query.text")
				.hasBeenStarted()
				.hasBeenStopped();
			assertThat(registry).hasSingleObservationThat()
				.satisfies((observed) -> assertThat(observed.getAllKeyValues().toString())
					.doesNotContain("secret-parameter")
					.doesNotContain("secret-literal"));
		});
	}

	@Test
	void queryTextIsRecordedWithLiteralsMaskedOnlyWhenAskedFor() {
		this.contextRunner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
			.withPropertyValues("databridge.observability.observations.include-query-text=true")
			.run((context) -> {
				TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
				context.getBean(DatabaseClient.class)
					.sql("SELECT 'secret-literal' AS v, :p AS w")
					.bind("p", "secret-parameter")
					.fetch()
					.one()
					.block(TIMEOUT);
				assertThat(registry).hasSingleObservationThat()
					.hasHighCardinalityKeyValue("db.query.text", "SELECT ? AS v, $1 AS w");
			});
	}

	@Test
	void failedStatementCarriesItsSqlStateAndError() {
		this.contextRunner.withBean(TestObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			assertThatException().isThrownBy(() -> context.getBean(DatabaseClient.class)
				.sql("SELECT * FROM no_such_table")
				.fetch()
				.all()
				.blockLast(TIMEOUT));
			assertThat(registry).hasSingleObservationThat()
				.hasLowCardinalityKeyValue("outcome", "error")
				.hasLowCardinalityKeyValue("error.type", "42P01")
				.hasLowCardinalityKeyValue("db.response.status_code", "42P01")
				.assertThatError()
				.isNotNull();
		});
	}

	@Test
	void parentObservationIsTakenFromTheReactorContext() {
		this.contextRunner.withBean(TestObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			Observation parent = Observation.start("request", registry);
			context.getBean(DatabaseClient.class)
				.sql("SELECT 1")
				.fetch()
				.one()
				.contextWrite((reactor) -> reactor.put("micrometer.observation", parent))
				.block(TIMEOUT);
			parent.stop();
			assertThat(registry).hasAnObservation((observation) -> observation.hasNameEqualTo("databridge.query")
				.hasParentObservationEqualTo(parent));
		});
	}

	@Test
	void observationsDoNotRecordASecondQueryTimer() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, DatabridgeMetricsAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(ObservationQueryListener.class);
				DatabaseClient client = context.getBean(DatabaseClient.class);
				for (int i = 0; i < 3; i++) {
					client.sql("SELECT 1").fetch().one().block(TIMEOUT);
				}
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.find(QueryMeters.QUERY).timers()).hasSize(1);
				assertThat(meters.find(QueryMeters.QUERY).timers().stream().mapToLong(Timer::count).sum()).isEqualTo(3);
				assertThat(meters.getMeters())
					.noneMatch((meter) -> meter.getId().getName().startsWith("databridge.query.active"));
				Observation other = Observation.start("other.work", context.getBean(ObservationRegistry.class));
				other.stop();
				assertThat(meters.find("other.work").timer()).isNotNull();
			});
	}

	@Test
	void observationsCanBeTurnedOff() {
		this.contextRunner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
			.withPropertyValues("databridge.observability.observations.enabled=false")
			.run((context) -> {
				context.getBean(DatabaseClient.class).sql("SELECT 1").fetch().one().block(TIMEOUT);
				assertThat(context.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
			});
	}

}
