package io.databridge.resilience;

import java.time.Duration;
import java.util.List;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.PoolListener;
import io.databridge.test.EvictionCounter;
import io.databridge.test.TestDatabase;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault test: {@code pg_terminate_backend} kills every connection of the pool, idle or
 * busy, and the pool goes on serving.
 *
 * @author Databridge team
 */
class TerminatedBackendFaultTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final TestDatabase database = TestDatabase.get();

	private final String applicationName = "terminated-" + System.nanoTime();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
				DatabridgeDatabaseClientAutoConfiguration.class))
		.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.embedded.enabled=false",
				"databridge.application-name=" + this.applicationName, "databridge.pool.size=4",
				"databridge.pool.max-overflow=2", "databridge.pool.acquire-timeout=3s");

	@Test
	void idleConnectionsKilledByTheServerAreReplacedAndTheNextQueriesSucceed() {
		this.contextRunner.run((context) -> {
			DatabaseClient client = context.getBean(DatabaseClient.class);
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			assertThat(pool.getState().idle()).isEqualTo(4);
			assertThat(terminateAll()).isEqualTo(4);
			await().atMost(TIMEOUT).until(() -> this.database.countConnections(this.applicationName, null) == 0);
			List<Integer> results = Flux.range(0, 12)
				.concatMap((i) -> client.sql("SELECT " + i).map((row) -> row.get(0, Integer.class)).one())
				.collectList()
				.block(TIMEOUT);
			assertThat(results).hasSize(12);
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(pool.getState().open()).isEqualTo(4));
			FaultAssertions.assertServerClean(this.database::countConnections, this.applicationName, pool);
		});
	}

	@Test
	void killingBusyConnectionsUnderLoadFailsOnlyTheStatementsInFlight() {
		EvictionCounter evictions = new EvictionCounter();
		this.contextRunner.withBean(PoolListener.class, () -> evictions).run((context) -> {
			DatabaseClient client = context.getBean(DatabaseClient.class);
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			InsertLoad load = InsertLoad.start(client, "terminated_" + ProcessHandle.current().pid(), 8,
					Duration.ofMillis(2));
			sleep(500);
			int killed = terminateAll();
			long killedAt = System.nanoTime();
			sleep(1000);
			List<InsertLoad.Outcome> outcomes = load.stop();
			assertThat(killed).isPositive();
			List<InsertLoad.Outcome> failed = outcomes.stream().filter((o) -> o.error() != null).toList();
			assertThat(failed.size()).as("failed requests").isLessThanOrEqualTo(pool.getSettings().maxSize());
			assertThat(outcomes).anyMatch((o) -> o.error() == null && o.startNanos() > killedAt);
			assertThat(evictions.broken()).isPositive();
			FaultAssertions.assertNoneHung(outcomes, Duration.ofSeconds(4));
			FaultAssertions.assertFailuresTyped(outcomes);
			FaultAssertions.assertNothingCommittedLost(load);
			FaultAssertions.assertServerClean(this.database::countConnections, this.applicationName, pool);
		});
	}

	private int terminateAll() {
		return this.database
			.queryLong("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '"
					+ this.applicationName + "'")
			.intValue();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
