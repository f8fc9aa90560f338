package io.databridge.pool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.test.MockConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filling the pool to its core size on a stub driver whose connections take a while to
 * open: a caller who asks for a connection while the fill is opening them is served as
 * soon as one is open, not at the end of its acquire timeout.
 *
 * @author Databridge team
 */
class CoreSizeFillTests {

	private static final Duration OPENING = Duration.ofMillis(300);

	private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(20);

	private final SlowDriver driver = new SlowDriver();

	private final DatabridgeConnectionPool pool = DatabridgeConnectionPool
		.builder(this.driver,
				TestPoolSettings.defaults()
					.name("fill")
					.size(2, 0)
					.acquireTimeout(ACQUIRE_TIMEOUT)
					.maxPending(-1)
					.validation(ValidationMode.NEVER)
					.shutdownTimeout(Duration.ZERO)
					.build())
		.build();

	@AfterEach
	void closePool() {
		this.pool.disposeNow();
	}

	@Test
	void callerWaitingWhileTheFillOpensEveryPermittedConnectionIsServedOnceOneIsOpen() {
		Mono<Integer> fill = this.pool.warmup().cache();
		fill.subscribe();
		long start = System.nanoTime();
		Connection connection = this.pool.create().block(ACQUIRE_TIMEOUT.dividedBy(2));
		Duration waited = Duration.ofNanos(System.nanoTime() - start);
		assertThat(connection).isNotNull();
		assertThat(waited).isLessThan(OPENING.multipliedBy(5));
		assertThat(fill.block(ACQUIRE_TIMEOUT)).isEqualTo(2);
		assertThat(this.driver.opened.get()).isEqualTo(2);
		Mono.from(connection.close()).block(ACQUIRE_TIMEOUT);
		assertThat(this.pool.getState().idle()).isEqualTo(2);
	}

	@Test
	void callerWhoTakesTheLastIdleConnectionWhileTheFillOpensAnotherIsServedAtItsGiveBack() {
		Connection first = this.pool.create().block(ACQUIRE_TIMEOUT);
		Mono.from(first.close()).block(ACQUIRE_TIMEOUT);
		this.pool.warmup().subscribe();
		Connection held = this.pool.create().block(ACQUIRE_TIMEOUT);
		long start = System.nanoTime();
		Mono.delay(Duration.ofMillis(50)).then(Mono.from(held.close())).subscribe();
		Connection next = this.pool.create().block(ACQUIRE_TIMEOUT.dividedBy(2));
		assertThat(next).isNotNull();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(OPENING.multipliedBy(5));
		Mono.from(next.close()).block(ACQUIRE_TIMEOUT);
	}

	@Test
	void fillOpensOnlyTheMissingConnectionsAndLeavesThemIdle() {
		assertThat(this.pool.warmup().block(ACQUIRE_TIMEOUT)).isEqualTo(2);
		assertThat(this.pool.warmup().block(ACQUIRE_TIMEOUT)).isZero();
		assertThat(this.driver.opened.get()).isEqualTo(2);
		assertThat(this.pool.getState().idle()).isEqualTo(2);
		assertThat(this.pool.getState().active()).isZero();
	}

	@Test
	void fillBesideAnIdleConnectionOpensTheMissingOne() {
		Connection first = this.pool.create().block(ACQUIRE_TIMEOUT);
		Mono.from(first.close()).block(ACQUIRE_TIMEOUT);
		assertThat(this.pool.getState().idle()).isEqualTo(1);
		assertThat(this.pool.warmup().block(ACQUIRE_TIMEOUT)).isEqualTo(1);
		assertThat(this.pool.getState().idle()).isEqualTo(2);
		assertThat(this.driver.opened.get()).isEqualTo(2);
	}

	/**
	 * Opens a stub connection some time after it is asked to.
	 */
	private static final class SlowDriver implements ConnectionFactory {

		private final AtomicInteger opened = new AtomicInteger();

		@Override
		public Mono<Connection> create() {
			return Mono.delay(OPENING).map((tick) -> {
				this.opened.incrementAndGet();
				return MockConnection.builder().valid(true).build();
			});
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return () -> "stub";
		}

	}

}
