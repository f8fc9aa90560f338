package io.databridge.resilience;

import java.time.Duration;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.test.TestDatabase;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pre-ping policy, observed from the server: {@code pg_stat_activity.query} shows the
 * last statement a backend ran, so a ping ({@code SELECT 1}) between two leases of the
 * same connection is visible there.
 *
 * @author Databridge team
 */
class ValidationPolicyIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String PING = "SELECT 1";

	private final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class))
		.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.embedded.enabled=false",
				"databridge.pool.size=1", "databridge.pool.max-overflow=0");

	@Test
	void idleModePingsOnlyConnectionsIdleLongerThanTheInterval() {
		this.contextRunner.withPropertyValues("databridge.pool.validation-interval=300ms").run((context) -> {
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			long pid = backendPid(pool);
			assertThat(lastQueryAfterAcquire(pool, pid, 0)).startsWith("SELECT pg_backend_pid()");
			assertThat(lastQueryAfterAcquire(pool, pid, 500)).isEqualTo(PING);
		});
	}

	@Test
	void alwaysModePingsEveryConnection() {
		this.contextRunner.withPropertyValues("databridge.pool.validation=always").run((context) -> {
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			long pid = backendPid(pool);
			assertThat(lastQueryAfterAcquire(pool, pid, 0)).isEqualTo(PING);
		});
	}

	@Test
	void neverModePingsNoConnection() {
		this.contextRunner
			.withPropertyValues("databridge.pool.validation=never", "databridge.pool.validation-interval=100ms")
			.run((context) -> {
				DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
				long pid = backendPid(pool);
				assertThat(lastQueryAfterAcquire(pool, pid, 300)).startsWith("SELECT pg_backend_pid()");
			});
	}

	private long backendPid(DatabridgeConnectionPool pool) {
		return Mono
			.usingWhen(pool.create(),
					(connection) -> Flux.from(connection.createStatement("SELECT pg_backend_pid()").execute())
						.flatMap((result) -> result.map((row, metadata) -> ((Number) row.get(0)).longValue()))
						.single(),
					Connection::close)
			.block(TIMEOUT);
	}

	private String lastQueryAfterAcquire(DatabridgeConnectionPool pool, long pid, long idleMillis)
			throws InterruptedException {
		Thread.sleep(idleMillis);
		Connection connection = pool.create().block(TIMEOUT);
		try {
			return this.database.queryText("SELECT query FROM pg_stat_activity WHERE pid = " + pid);
		}
		finally {
			Mono.from(connection.close()).block(TIMEOUT);
		}
	}

}
