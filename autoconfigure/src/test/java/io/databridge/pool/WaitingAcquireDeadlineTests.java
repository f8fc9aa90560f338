package io.databridge.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Checks that a pool times an acquire only while it waits for a connection: one served,
 * cancelled or failed leaves nothing behind, and one that waits past the acquire timeout
 * fails with it.
 *
 * @author Databridge team
 */
class WaitingAcquireDeadlineTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	final SingleConnectionPools pools = new SingleConnectionPools();

	@Test
	void anAcquireServedFromAnIdleConnectionIsNeverTimed() {
		DatabridgeConnectionPool pool = open(TIMEOUT);
		for (int i = 0; i < 100; i++) {
			Connection connection = Mono.from(pool.create()).block(TIMEOUT);
			assertThat(pool.deadlines().size()).isZero();
			Mono.from(connection.close()).block(TIMEOUT);
		}
	}

	@Test
	void acquiresServedOrCancelledWhileWaitingAreNoLongerTimed() throws Exception {
		DatabridgeConnectionPool pool = open(TIMEOUT);
		Connection held = Mono.from(pool.create()).block(TIMEOUT);
		CompletableFuture<Connection> first = Mono.from(pool.create()).toFuture();
		CompletableFuture<Connection> cancelled = Mono.from(pool.create()).toFuture();
		CompletableFuture<Connection> last = Mono.from(pool.create()).toFuture();
		assertThat(pool.deadlines().size()).isEqualTo(3);
		cancelled.cancel(false);
		assertThat(pool.deadlines().size()).isEqualTo(2);
		Mono.from(held.close()).block(TIMEOUT);
		Connection firstConnection = first.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(pool.deadlines().size()).isOne();
		Mono.from(firstConnection.close()).block(TIMEOUT);
		Connection lastConnection = last.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(pool.deadlines().size()).isZero();
		Mono.from(lastConnection.close()).block(TIMEOUT);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(pool.getState().idle()).isOne());
	}

	@Test
	void anAcquireWaitingPastTheAcquireTimeoutFailsAndIsNoLongerTimed() {
		DatabridgeConnectionPool pool = open(Duration.ofMillis(300));
		Connection held = Mono.from(pool.create()).block(TIMEOUT);
		long start = System.nanoTime();
		assertThatExceptionOfType(ConnectionAcquireTimeoutException.class)
			.isThrownBy(() -> Mono.from(pool.create()).block(TIMEOUT));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(pool.deadlines().size()).isZero();
		assertThat(pool.getState().pending()).isZero();
		Mono.from(held.close()).block(TIMEOUT);
	}

	private DatabridgeConnectionPool open(Duration acquireTimeout) {
		return this.pools.open(SingleConnectionPools.driver(), acquireTimeout);
	}

}
