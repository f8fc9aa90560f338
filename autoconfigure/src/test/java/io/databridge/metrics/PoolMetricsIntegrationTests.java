package io.databridge.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeMetricsAutoConfiguration;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.PoolListener;
import io.databridge.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcTimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pool gauges, timers and counters against a real PostgreSQL: each value is checked
 * exactly as the test acquires, holds and releases connections.
 *
 * @author Databridge team
 */
class PoolMetricsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DatabridgeAutoConfiguration.class, DatabridgeMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.embedded.enabled=false",
				"databridge.pool.name=metered", "databridge.pool.size=2", "databridge.pool.max-overflow=2",
				"databridge.startup.mode=lazy", "databridge.application-name=metrics-" + System.nanoTime());

	@Test
	void gaugesAndTimersFollowAcquireHoldAndRelease() {
		this.contextRunner.run((context) -> {
			DatabridgeConnectionPool pool = bindGauges(context);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(pool.warmup().block(TIMEOUT)).isEqualTo(2);
			assertGauges(registry, 0, 2, 0);
			assertThat(gauge(registry, PoolGauges.MAX)).isEqualTo(4);
			assertThat(gauge(registry, PoolGauges.MIN)).isEqualTo(2);
			List<Connection> held = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				held.add(pool.create().block(TIMEOUT));
			}
			assertGauges(registry, 4, 0, 0);
			List<Connection> waiter = new ArrayList<>();
			pool.create().subscribe(waiter::add);
			await().atMost(TIMEOUT).untilAsserted(() -> assertGauges(registry, 4, 0, 1));
			Mono.from(held.remove(0).close()).block(TIMEOUT);
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(waiter).hasSize(1));
			assertGauges(registry, 4, 0, 0);
			held.addAll(waiter);
			Flux.fromIterable(held).concatMap(Connection::close).blockLast(TIMEOUT);
			assertGauges(registry, 0, 4, 0);
			assertThat(timerCount(registry, PoolMeters.ACQUIRE)).isEqualTo(5);
			assertThat(timerCount(registry, PoolMeters.USAGE)).isEqualTo(5);
			assertThat(timerCount(registry, PoolMeters.CREATION)).isEqualTo(4);
			assertThat(registry.get(PoolMeters.TIMEOUTS).counter().count()).isZero();
		});
	}

	@Test
	void timeoutCounterMovesWhenThePoolIsExhausted() {
		this.contextRunner.withPropertyValues("databridge.pool.acquire-timeout=1s").run((context) -> {
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			List<Connection> held = Flux.range(0, 4).concatMap((i) -> pool.create()).collectList().block(TIMEOUT);
			StepVerifier.create(pool.create()).expectError(R2dbcTimeoutException.class).verify(TIMEOUT);
			StepVerifier.create(pool.create()).expectError(R2dbcTimeoutException.class).verify(TIMEOUT);
			assertThat(registry.get(PoolMeters.TIMEOUTS).tag("pool", "metered").counter().count()).isEqualTo(2);
			assertThat(timerCount(registry, PoolMeters.ACQUIRE)).isEqualTo(6);
			assertThat(registry.get(PoolMeters.ACQUIRE).timer().max(TimeUnit.MILLISECONDS))
				.isGreaterThanOrEqualTo(1000);
			Flux.fromIterable(held).concatMap(Connection::close).blockLast(TIMEOUT);
		});
	}

	@Test
	void overflowConnectionsClosedForIdlenessAreCounted() {
		this.contextRunner.withPropertyValues("databridge.pool.idle-timeout=300ms").run((context) -> {
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			List<Connection> held = Flux.range(0, 4).flatMap((i) -> pool.create()).collectList().block(TIMEOUT);
			Flux.fromIterable(held).concatMap(Connection::close).blockLast(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> pool.getState().open() == 2);
			Thread.sleep(1000);
			assertThat(registry.get(PoolMeters.EVICTED).tag("reason", "idle").counter().count()).isEqualTo(2);
			assertThat(pool.getState().open()).isEqualTo(2);
		});
	}

	@Test
	void connectionsPastTheirLifetimeAreReplacedAndCounted() {
		this.contextRunner.withPropertyValues("databridge.pool.size=1", "databridge.pool.max-lifetime=400ms")
			.run((context) -> {
				DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				Connection first = pool.create().block(TIMEOUT);
				Mono.from(first.close()).block(TIMEOUT);
				Thread.sleep(600);
				Connection second = pool.create().block(TIMEOUT);
				Mono.from(second.close()).block(TIMEOUT);
				assertThat(registry.get(PoolMeters.EVICTED).tag("reason", "lifetime").counter().count()).isEqualTo(1);
				assertThat(timerCount(registry, PoolMeters.CREATION)).isEqualTo(2);
			});
	}

	@Test
	void failuresToConnectAreCountedBySqlStateClass() {
		String user = this.database.createUser("right-password");
		String url = "postgresql://" + user + ":wrong-password@" + this.database.host() + ":" + this.database.port()
				+ "/" + this.database.database() + "?sslmode=disable";
		AtomicInteger attempts = new AtomicInteger();
		PoolListener failedAttempts = new PoolListener() {

			@Override
			public void connectionCreationFailed(long creationNanos, Throwable error) {
				attempts.incrementAndGet();
			}

		};
		this.contextRunner.withPropertyValues("databridge.url=" + url)
			.withBean(PoolListener.class, () -> failedAttempts)
			.run((context) -> {
				DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				StepVerifier.create(pool.create()).expectError().verify(TIMEOUT);
				assertThat(attempts).hasPositiveValue();
				assertThat(registry.get(PoolMeters.ERRORS)
					.tag("sqlstate.class", "28")
					.tag("reason", "authentication-failed")
					.counter()
					.count()).isEqualTo(attempts.get());
				assertThat(registry.find(PoolMeters.ERRORS).meters()).hasSize(1);
				assertThat(registry.getMeters())
					.allSatisfy((meter) -> assertThat(meter.getId().toString()).doesNotContain("wrong-password")
						.doesNotContain("right-password"));
			});
	}

	@Test
	void metricsTurnedOffPublishNoDatabridgeMeter() {
		this.contextRunner.withPropertyValues("databridge.observability.metrics.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(PoolMeters.class).doesNotHaveBean(PoolGauges.class);
			assertThat(context.getBean(MeterRegistry.class).find(PoolGauges.ACTIVE).gauges()).isEmpty();
		});
	}

	@Test
	void metricsTurnedOffUnderTheirFormerNameStillPublishNoDatabridgeMeter() {
		this.contextRunner.withPropertyValues("databridge.metrics.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(PoolMeters.class)
				.doesNotHaveBean(PoolGauges.class));
	}

	@Test
	void openTelemetryNamesUnderTheirFormerNameAreStillPublished() {
		this.contextRunner.withPropertyValues("databridge.metrics.open-telemetry-names=true").run((context) -> {
			bindGauges(context);
			assertThat(context.getBean(MeterRegistry.class).get("db.client.connection.max").gauge().value())
				.isEqualTo(4);
		});
	}

	@Test
	void openTelemetryNamesArePublishedBesidesDatabridgeNames() {
		this.contextRunner.withPropertyValues("databridge.observability.metrics.open-telemetry-names=true")
			.run((context) -> {
				DatabridgeConnectionPool pool = bindGauges(context);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				Connection connection = pool.create().block(TIMEOUT);
				assertThat(registry.get("db.client.connection.count")
					.tag("db.client.connection.pool.name", "metered")
					.tag("db.client.connection.state", "used")
					.gauge()
					.value()).isEqualTo(1);
				assertThat(gauge(registry, PoolGauges.ACTIVE)).isEqualTo(1);
				assertThat(registry.get("db.client.connection.max").gauge().value()).isEqualTo(4);
				assertThat(registry.get("db.client.connection.idle.min").gauge().value()).isEqualTo(2);
				assertThat(registry.get("db.client.connection.pending_requests").gauge().value()).isZero();
				Mono.from(connection.close()).block(TIMEOUT);
				assertThat(registry.get("db.client.connection.wait_time").timer().count()).isEqualTo(1);
				assertThat(registry.get("db.client.connection.use_time").timer().count()).isEqualTo(1);
				assertThat(registry.get("db.client.connection.create_time").timer().count())
					.isEqualTo(timerCount(registry, PoolMeters.CREATION));
				assertThat(registry.get("db.client.connection.timeouts").counter().count()).isZero();
			});
	}

	private static DatabridgeConnectionPool bindGauges(AssertableApplicationContext context) {
		context.getBean(PoolGauges.class).bindTo(context.getBean(MeterRegistry.class));
		return context.getBean(DatabridgeConnectionPool.class);
	}

	private static void assertGauges(MeterRegistry registry, int active, int idle, int pending) {
		assertThat(gauge(registry, PoolGauges.ACTIVE)).isEqualTo(active);
		assertThat(gauge(registry, PoolGauges.IDLE)).isEqualTo(idle);
		assertThat(gauge(registry, PoolGauges.PENDING)).isEqualTo(pending);
	}

	private static double gauge(MeterRegistry registry, String name) {
		return registry.get(name).tag("pool", "metered").gauge().value();
	}

	private static long timerCount(MeterRegistry registry, String name) {
		return registry.get(name).tag("pool", "metered").timer().count();
	}

}
