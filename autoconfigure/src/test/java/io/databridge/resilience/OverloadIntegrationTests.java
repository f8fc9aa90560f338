package io.databridge.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeMetricsAutoConfiguration;
import io.databridge.metrics.PoolMeters;
import io.databridge.pool.ConnectionAcquireTimeoutException;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.PendingAcquireLimitException;
import io.databridge.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Overload: past {@code max-pending} waiting callers, or past the acquire timeout, a
 * caller gets a specific exception at once and a counter moves.
 *
 * @author Databridge team
 */
class OverloadIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DatabridgeAutoConfiguration.class, DatabridgeMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.embedded.enabled=false",
				"databridge.pool.name=busy", "databridge.pool.size=1", "databridge.pool.max-overflow=0",
				"databridge.pool.max-pending=2", "databridge.pool.acquire-timeout=2s");

	@Test
	void callerPastTheWaitingLimitIsTurnedAwayAtOnce() {
		this.contextRunner.run((context) -> {
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Connection held = pool.create().block(TIMEOUT);
			List<Disposable> waiters = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				waiters.add(pool.create().subscribe(null, (ex) -> {
				}));
			}
			await().atMost(TIMEOUT).until(() -> pool.getState().pending() == 2);
			long start = System.nanoTime();
			StepVerifier.create(pool.create())
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PendingAcquireLimitException.class)
					.hasMessage("[busy] Too many callers waiting for a connection: all connections are in use and 2 "
							+ "callers are already waiting (databridge.pool.max-pending)"))
				.verify(TIMEOUT);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
			assertThat(registry.get(PoolMeters.REJECTED).counter().count()).isEqualTo(1);
			waiters.forEach(Disposable::dispose);
			Mono.from(held.close()).block(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> pool.getState().pending() == 0 && pool.getState().active() == 0);
		});
	}

	@Test
	void callerWaitingPastTheAcquireTimeoutGetsATimeoutThatDescribesThePool() {
		this.contextRunner.run((context) -> {
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Connection held = pool.create().block(TIMEOUT);
			long start = System.nanoTime();
			StepVerifier.create(pool.create())
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ConnectionAcquireTimeoutException.class)
					.hasMessageStartingWith("[busy] No connection available within PT2S (active=1, idle=0, pending=")
					.hasMessageContaining("raise databridge.pool.max-overflow or databridge.pool.acquire-timeout"))
				.verify(TIMEOUT);
			Duration waited = Duration.ofNanos(System.nanoTime() - start);
			assertThat(waited).isBetween(Duration.ofMillis(1900), Duration.ofMillis(3000));
			assertThat(registry.get(PoolMeters.TIMEOUTS).counter().count()).isEqualTo(1);
			Mono.from(held.close()).block(TIMEOUT);
		});
	}

}
