package io.databridge.pool;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Fast tests of the pool's own logic on a {@link StubDriver}, with no server: how many
 * connections it opens, how long an acquire may wait, which failures it retries, and how
 * it replaces the connections it closes.
 *
 * @author Databridge team
 */
class DatabridgeConnectionPoolTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final StubDriver driver = new StubDriver();

	private final List<DatabridgeConnectionPool> pools = new ArrayList<>();

	@AfterEach
	void closePools() {
		this.pools.forEach(DatabridgeConnectionPool::disposeNow);
	}

	@Test
	void poolOpensAtMostSizePlusOverflowAndServesTheNextCallerAtAGiveBack() {
		DatabridgeConnectionPool pool = pool(TestPoolSettings.defaults().size(2, 1));
		List<Connection> held = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			held.add(pool.create().block(TIMEOUT));
		}
		Mono<Connection> fourth = pool.create().cache();
		fourth.subscribe();
		await().atMost(TIMEOUT).until(() -> pool.getState().pending() == 1);
		assertThat(this.driver.opened()).isEqualTo(3);
		close(held.remove(0));
		Connection served = fourth.block(TIMEOUT);
		assertThat(served).isNotNull();
		assertThat(this.driver.opened()).isEqualTo(3);
		assertThat(pool.getState().active()).isEqualTo(3);
	}

	@Test
	void acquireFailsAtItsDeadlineWhenEveryConnectionIsHeld() {
		DatabridgeConnectionPool pool = pool(
				TestPoolSettings.defaults().size(1, 0).acquireTimeout(Duration.ofMillis(300)));
		pool.create().block(TIMEOUT);
		long start = System.nanoTime();
		assertThatException().isThrownBy(() -> pool.create().block(TIMEOUT))
			.isInstanceOf(ConnectionAcquireTimeoutException.class)
			.withMessageContaining("No connection available within PT0.3S")
			.withMessageContaining("active=1, idle=0");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
				Duration.ofSeconds(2));
	}

	@Test
	void transientFailuresToOpenAreRetriedWithinTheDeadline() {
		DatabridgeConnectionPool pool = pool(TestPoolSettings.defaults().size(1, 0));
		this.driver.failNext(new ConnectException("refused"), new ConnectException("refused again"));
		assertThat(pool.create().block(TIMEOUT)).isNotNull();
		assertThat(this.driver.attempts()).isEqualTo(3);
	}

	@Test
	void transientFailuresThatOutlastTheDeadlineEndTheAcquireAtItsDeadlineNamingTheLastOne() throws Exception {
		DatabridgeConnectionPool pool = pool(
				TestPoolSettings.defaults().size(1, 0).acquireTimeout(Duration.ofMillis(600)));
		ConnectException[] refusals = new ConnectException[40];
		for (int i = 0; i < refusals.length; i++) {
			refusals[i] = new ConnectException("refused " + (i + 1));
		}
		this.driver.failNext(refusals);
		long start = System.nanoTime();
		assertThatException().isThrownBy(() -> pool.create().block(TIMEOUT))
			.isInstanceOf(ConnectionAcquireTimeoutException.class)
			.withMessageContaining("No connection available within PT0.6S")
			.withMessageContaining("the last attempt to open one failed")
			.havingCause()
			.isInstanceOf(ConnectException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(550),
				Duration.ofSeconds(2));
		int attempts = this.driver.attempts();
		assertThat(attempts).isGreaterThan(1).isLessThan(refusals.length);
		Thread.sleep(1000);
		assertThat(this.driver.attempts()).as("attempts after the deadline").isEqualTo(attempts);
	}

	@Test
	void refusedLoginFailsTheCallerAtOnceAndIsNotTriedAgainRightAway() {
		DatabridgeConnectionPool pool = pool(TestPoolSettings.defaults().size(1, 0));
		R2dbcPermissionDeniedException refusal = new R2dbcPermissionDeniedException("password authentication failed",
				"28P01");
		this.driver.failNext(refusal);
		long start = System.nanoTime();
		assertThatException().isThrownBy(() -> pool.create().block(TIMEOUT)).isSameAs(refusal);
		assertThatException().isThrownBy(() -> pool.create().block(TIMEOUT)).isSameAs(refusal);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		assertThat(this.driver.attempts()).isEqualTo(1);
	}

	@Test
	void connectionsPastTheirLifetimeAreClosedAndTheCoreIsRefilled() {
		DatabridgeConnectionPool pool = pool(TestPoolSettings.defaults()
			.size(2, 0)
			.maxLifetime(Duration.ofMillis(300))
			.idleTimeout(Duration.ofMillis(200)));
		assertThat(pool.open().block(TIMEOUT)).isEqualTo(2);
		await().atMost(TIMEOUT).until(() -> this.driver.closed() >= 2);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(pool.getState().open()).isEqualTo(2));
		assertThat(this.driver.opened()).isGreaterThanOrEqualTo(4);
	}

	@Test
	void overflowConnectionsIdleForTheIdleTimeoutAreClosedDownToTheCore() {
		DatabridgeConnectionPool pool = pool(
				TestPoolSettings.defaults().size(1, 2).idleTimeout(Duration.ofMillis(200)));
		List<Connection> held = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			held.add(pool.create().block(TIMEOUT));
		}
		held.forEach(DatabridgeConnectionPoolTests::close);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(pool.getState().open()).isEqualTo(1));
		assertThat(this.driver.closed()).isEqualTo(2);
	}

	@Test
	void callerBeyondTheWaitingLimitFailsAtOnce() {
		DatabridgeConnectionPool pool = pool(TestPoolSettings.defaults().size(1, 0).maxPending(1));
		pool.create().block(TIMEOUT);
		pool.create().subscribe();
		await().atMost(TIMEOUT).until(() -> pool.getState().pending() == 1);
		long start = System.nanoTime();
		assertThatException().isThrownBy(() -> pool.create().block(TIMEOUT))
			.isInstanceOf(PendingAcquireLimitException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void closedPoolClosesItsConnectionsAndRefusesCallers() {
		DatabridgeConnectionPool pool = pool(TestPoolSettings.defaults().size(2, 0));
		pool.open().block(TIMEOUT);
		pool.close().block(TIMEOUT);
		assertThat(this.driver.closed()).isEqualTo(2);
		assertThatException().isThrownBy(() -> pool.create().block(TIMEOUT)).isInstanceOf(PoolClosedException.class);
	}

	private DatabridgeConnectionPool pool(TestPoolSettings settings) {
		DatabridgeConnectionPool pool = DatabridgeConnectionPool
			.builder(this.driver, settings.validation(ValidationMode.NEVER).build())
			.build();
		this.pools.add(pool);
		return pool;
	}

	private static void close(Connection connection) {
		Mono.from(connection.close()).block(TIMEOUT);
	}

}
