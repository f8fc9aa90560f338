package io.databridge.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.ConnectionAcquireTimeoutException;
import io.databridge.pool.PoolClosedException;
import io.databridge.test.FreePort;
import io.databridge.test.TestDatabase;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Graceful shutdown: when the context closes, the pool stops handing out connections,
 * lets in-flight work finish within {@code databridge.shutdown.timeout}, then closes
 * every connection, leaving none on the server.
 *
 * @author Databridge team
 */
class GracefulShutdownIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final TestDatabase database = TestDatabase.get();

	private final String applicationName = "shutdown-" + System.nanoTime();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class))
		.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.embedded.enabled=false",
				"databridge.application-name=" + this.applicationName, "databridge.pool.size=3");

	@Test
	void inFlightWorkFinishesNewWorkIsRefusedAndNoConnectionIsLeft() {
		AtomicReference<Mono<Integer>> inFlight = new AtomicReference<>();
		AtomicReference<DatabridgeConnectionPool> pool = new AtomicReference<>();
		this.contextRunner.withPropertyValues("databridge.shutdown.timeout=5s").run((context) -> {
			pool.set(context.getBean(DatabridgeConnectionPool.class));
			Mono<Integer> query = context.getBean(DatabaseClient.class)
				.sql("SELECT 7 FROM pg_sleep(1)")
				.map((row) -> row.get(0, Integer.class))
				.one()
				.cache();
			query.subscribe();
			await().atMost(TIMEOUT).until(() -> pool.get().getState().active() == 1);
			inFlight.set(query);
		});
		assertThat(inFlight.get().block(TIMEOUT)).isEqualTo(7);
		StepVerifier.create(pool.get().create()).expectError(PoolClosedException.class).verify(TIMEOUT);
		assertThat(pool.get().getState().closed()).isTrue();
		assertThat(this.database.countConnections(this.applicationName, null)).isZero();
	}

	@Test
	void workStillRunningAfterTheTimeoutHasItsConnectionClosed() {
		AtomicReference<Mono<Integer>> inFlight = new AtomicReference<>();
		long[] closedAfter = new long[1];
		this.contextRunner.withPropertyValues("databridge.shutdown.timeout=500ms").run((context) -> {
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			Mono<Integer> query = context.getBean(DatabaseClient.class)
				.sql("SELECT 7 FROM pg_sleep(20)")
				.map((row) -> row.get(0, Integer.class))
				.one()
				.cache();
			query.subscribe(null, (ex) -> {
			});
			await().atMost(TIMEOUT).until(() -> pool.getState().active() == 1);
			inFlight.set(query);
			closedAfter[0] = System.nanoTime();
		});
		Duration closing = Duration.ofNanos(System.nanoTime() - closedAfter[0]);
		assertThat(closing).isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
		StepVerifier.create(inFlight.get()).expectError().verify(TIMEOUT);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.database.countConnections(this.applicationName, null)).isZero());
	}

	@Test
	void shutdownAfterFailedAndCancelledAcquiresDoesNotWaitForTheTimeout() {
		AtomicReference<DatabridgeConnectionPool> pool = new AtomicReference<>();
		long[] closedAfter = new long[1];
		this.contextRunner
			.withPropertyValues("databridge.url=postgresql://app@127.0.0.1:" + FreePort.find() + "/app",
					"databridge.startup.mode=lazy", "databridge.pool.acquire-timeout=300ms",
					"databridge.shutdown.timeout=10s")
			.run((context) -> {
				pool.set(context.getBean(DatabridgeConnectionPool.class));
				for (int i = 0; i < 3; i++) {
					StepVerifier.create(pool.get().create())
						.expectError(ConnectionAcquireTimeoutException.class)
						.verify(TIMEOUT);
					StepVerifier.create(pool.get().create()).thenCancel().verify(TIMEOUT);
				}
				closedAfter[0] = System.nanoTime();
			});
		assertThat(Duration.ofNanos(System.nanoTime() - closedAfter[0])).isLessThan(Duration.ofSeconds(2));
		assertThat(pool.get().getState().closed()).isTrue();
		assertThat(pool.get().getState().active()).isZero();
	}

}
