package io.databridge.pool;

import java.time.Duration;

import io.databridge.autoconfigure.DatabridgeAutoConfiguration;
import io.databridge.test.TestDatabase;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link LeaseScope} on a real pool: a cancelled scope closes the connections
 * leased in it, before or after the cancellation, and leaves alone the ones already given
 * back.
 *
 * @author Databridge team
 */
class LeaseScopeIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabridgeAutoConfiguration.class))
		.withPropertyValues("databridge.url=" + this.database.adminUrl(), "databridge.embedded.enabled=false",
				"databridge.pool.size=1", "databridge.pool.max-overflow=0");

	@Test
	void cancellingAScopeClosesTheConnectionLeasedInIt() {
		this.contextRunner.run((context) -> {
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			LeaseScope scope = new LeaseScope();
			Connection connection = pool.create().contextWrite(scope::putInto).block(TIMEOUT);
			int backend = backendPid(connection);
			assertThat(pool.getState().active()).isEqualTo(1);
			scope.cancel();
			assertThat(pool.getState().active()).isZero();
			awaitBackendGone(backend);
			assertThat(backendPid(pool.create().block(TIMEOUT))).isNotEqualTo(backend);
		});
	}

	@Test
	void aConnectionLeasedAfterItsScopeWasCancelledIsClosedAtOnce() {
		this.contextRunner.run((context) -> {
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			int backend = backendPid(pool.create().block(TIMEOUT), true);
			LeaseScope scope = new LeaseScope();
			scope.cancel();
			Connection connection = pool.create().contextWrite(scope::putInto).block(TIMEOUT);
			assertThat(pool.getState().active()).isZero();
			awaitBackendGone(backend);
			assertThat(connection).isNotNull();
		});
	}

	@Test
	void cancellingAScopeLeavesAConnectionThatWasGivenBackInThePool() {
		this.contextRunner.run((context) -> {
			DatabridgeConnectionPool pool = context.getBean(DatabridgeConnectionPool.class);
			LeaseScope scope = new LeaseScope();
			Connection connection = pool.create().contextWrite(scope::putInto).block(TIMEOUT);
			int backend = backendPid(connection);
			Mono.from(connection.close()).block(TIMEOUT);
			Connection reused = pool.create().block(TIMEOUT);
			scope.cancel();
			assertThat(pool.getState().active()).isEqualTo(1);
			assertThat(backendPid(reused, true)).isEqualTo(backend);
			assertThat(backendPid(pool.create().block(TIMEOUT))).isEqualTo(backend);
		});
	}

	private int backendPid(Connection connection) {
		return backendPid(connection, false);
	}

	private int backendPid(Connection connection, boolean close) {
		Integer pid = Mono.from(connection.createStatement("SELECT pg_backend_pid()").execute())
			.flatMap((result) -> Mono.from(result.map((row, metadata) -> row.get(0, Integer.class))))
			.block(TIMEOUT);
		if (close) {
			Mono.from(connection.close()).block(TIMEOUT);
		}
		assertThat(pid).isNotNull();
		return pid;
	}

	private void awaitBackendGone(int pid) {
		await().atMost(TIMEOUT)
			.until(() -> this.database.queryLong("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid) == 0);
	}

}
