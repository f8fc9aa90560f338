package io.databridge.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.test.RestartablePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault test: the server stops and starts again on the same port under a steady load of
 * concurrent inserts. Only the statements in flight fail, quickly and typed; callers that
 * ask for a connection during the outage wait, within the acquire timeout, and succeed;
 * inserts resume within a second of the server accepting connections, without restarting
 * the application.
 *
 * @author Databridge team
 */
class ServerRestartFaultTests {

	private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(4);

	private static RestartablePostgres server;

	private final String applicationName = "restart-" + System.nanoTime();

	@BeforeAll
	static void startServer() {
		server = RestartablePostgres.start(Map.of());
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void insertsResumeWithinASecondOfTheServerComingBack() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
					DatabridgeDatabaseClientAutoConfiguration.class))
			.withPropertyValues("databridge.url=" + server.url(), "databridge.embedded.enabled=false",
					"databridge.application-name=" + this.applicationName, "databridge.pool.size=4",
					"databridge.pool.max-overflow=2",
					"databridge.pool.acquire-timeout=" + ACQUIRE_TIMEOUT.toMillis() + "ms")
			.run((context) -> {
				DatabaseClient client = context.getBean(DatabaseClient.class);
				DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
				InsertLoad load = InsertLoad.start(client, "restart_load", 8, Duration.ofMillis(5));
				Thread.sleep(500);
				long stopped = System.nanoTime();
				server.stop();
				Thread.sleep(1000);
				server.start();
				long accepting = System.nanoTime();
				Thread.sleep(1500);
				List<InsertLoad.Outcome> outcomes = load.stop();
				long firstSuccess = outcomes.stream()
					.filter((o) -> o.error() == null && o.endNanos() > accepting)
					.mapToLong(InsertLoad.Outcome::endNanos)
					.min()
					.orElseThrow();
				Duration resumedAfter = Duration.ofNanos(Math.max(0, firstSuccess - accepting));
				List<InsertLoad.Outcome> failed = outcomes.stream().filter((o) -> o.error() != null).toList();
				long waitedThrough = outcomes.stream()
					.filter((o) -> o.error() == null && o.startNanos() > stopped && o.startNanos() < accepting)
					.count();
				System.out.printf(
						"restart: %d requests, %d failed, %d waited through the outage, resumed %dms "
								+ "after the server accepted%n",
						outcomes.size(), failed.size(), waitedThrough, resumedAfter.toMillis());
				assertThat(resumedAfter).isLessThanOrEqualTo(Duration.ofSeconds(1));
				assertThat(waitedThrough).isPositive();
				assertThat(failed)
					.allSatisfy((o) -> assertThat(o.duration()).isLessThanOrEqualTo(ACQUIRE_TIMEOUT.plusSeconds(1)));
				FaultAssertions.assertNoneHung(outcomes, ACQUIRE_TIMEOUT.plusSeconds(2));
				FaultAssertions.assertFailuresTyped(outcomes);
				FaultAssertions.assertNothingCommittedLost(load);
				FaultAssertions.assertServerClean(server::countConnections, this.applicationName, pool);
			});
	}

}
