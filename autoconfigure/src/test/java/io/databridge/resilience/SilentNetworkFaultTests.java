package io.databridge.resilience;

import java.time.Duration;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeDatabaseClientAutoConfiguration;
import io.databridge.autoconfigure.DatabridgeHealthContributorAutoConfiguration;
import io.databridge.error.DatabaseError;
import io.databridge.error.ErrorKind;
import io.databridge.health.DatabridgeHealthIndicator;
import io.databridge.pool.ConnectionAcquireTimeoutException;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.test.TcpProxy;
import io.databridge.test.TestDatabase;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault test: the network between the application and the server falls silent (a proxy
 * that accepts connections and forwards nothing). Statements get no reply and fail once
 * the statement timeout and its grace have passed, new connections cannot be opened and
 * acquires time out, health turns DOWN; when the network comes back, the pool recovers.
 *
 * @author Databridge team
 */
class SilentNetworkFaultTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final TestDatabase database = TestDatabase.get();

	private final String applicationName = "silent-" + System.nanoTime();

	@Test
	void timeoutsFireHealthTurnsDownAndThePoolRecoversWhenTheNetworkResumes() throws Exception {
		try (TcpProxy proxy = TcpProxy.start(this.database.host(), this.database.port())) {
			String url = this.database.adminUrl()
				.replace("@" + this.database.host() + ":" + this.database.port(),
						"@" + proxy.host() + ":" + proxy.port());
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class,
						DatabridgeDatabaseClientAutoConfiguration.class,
						DatabridgeHealthContributorAutoConfiguration.class))
				.withPropertyValues("databridge.url=" + url, "databridge.embedded.enabled=false",
						"databridge.application-name=" + this.applicationName, "databridge.pool.size=2",
						"databridge.pool.max-overflow=0", "databridge.pool.acquire-timeout=1s",
						"databridge.pool.validation-interval=1m", "databridge.statement-timeout=1s",
						"databridge.health.timeout=1s", "databridge.health.cache-time=0s")
				.run((context) -> {
					DatabaseClient client = context.getBean(DatabaseClient.class);
					DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
					DatabridgeHealthIndicator health = context.getBean(DatabridgeHealthIndicator.class);
					assertThat(query(client).block(TIMEOUT)).isEqualTo(1);
					proxy.pause();

					Failure statement = failureOf(query(client));
					assertThat(statement.elapsed()).as("statement")
						.isBetween(Duration.ofMillis(1900), Duration.ofMillis(4000));
					assertThat(DatabaseError.of(statement.error()).kind()).as(statement.error().toString())
						.isEqualTo(ErrorKind.CONNECTION_LOST);

					failureOf(query(client));
					Failure acquire = failureOf(query(client));
					assertThat(acquire.elapsed()).as("acquire")
						.isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
					assertThat(findAcquireTimeout(acquire.error())).as(acquire.error().toString()).isNotNull();

					long start = System.nanoTime();
					assertThat(health.health().block(TIMEOUT).getStatus()).isEqualTo(Status.DOWN);
					assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2000));

					proxy.resume();
					await().atMost(Duration.ofSeconds(10))
						.pollInterval(Duration.ofMillis(100))
						.until(() -> query(client).onErrorReturn(0).block(TIMEOUT) == 1);
					await().atMost(Duration.ofSeconds(10))
						.until(() -> health.health().block(TIMEOUT).getStatus().equals(Status.UP));
					FaultAssertions.assertServerClean(this.database::countConnections, this.applicationName, pool);
				});
		}
	}

	private static Mono<Integer> query(DatabaseClient client) {
		return client.sql("SELECT 1").map((row) -> row.get(0, Integer.class)).one();
	}

	private static Failure failureOf(Mono<Integer> query) {
		long start = System.nanoTime();
		Throwable error = query.map(Object.class::cast)
			.onErrorResume(Mono::just)
			.timeout(TIMEOUT)
			.cast(Throwable.class)
			.block(TIMEOUT);
		assertThat(error).isNotNull();
		return new Failure(error, Duration.ofNanos(System.nanoTime() - start));
	}

	private static @Nullable ConnectionAcquireTimeoutException findAcquireTimeout(Throwable error) {
		for (Throwable candidate = error; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof ConnectionAcquireTimeoutException timeout) {
				return timeout;
			}
		}
		return null;
	}

	private record Failure(Throwable error, Duration elapsed) {

	}

}
