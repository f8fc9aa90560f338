package io.databridge.pool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.test.MockConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ConnectionOpener} on stub drivers: every way an opening ends leaves
 * its seat on the event loop ({@link EventLoopPlacement}) exactly when the connection is
 * no longer the pool's.
 *
 * @author Databridge team
 */
class ConnectionOpenerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final EventLoopGroup loops = new DefaultEventLoopGroup(2);

	private final EventLoopPlacement placement = new EventLoopPlacement(() -> this.loops, 2, 0);

	private final List<PoolEntry> opened = new CopyOnWriteArrayList<>();

	@AfterEach
	void shutDownLoops() {
		this.loops.shutdownGracefully();
	}

	@Test
	void anOpenedConnectionHoldsItsSeatUntilThePoolClosesIt() {
		PoolEntry entry = opening(new StubDriver(), Duration.ofSeconds(30)).block(TIMEOUT);
		assertThat(this.opened).containsExactly(entry);
		assertThat(this.placement.seated()).isOne();
		entry.closed();
		entry.closed();
		assertThat(this.placement.seated()).isZero();
	}

	@Test
	void aRefusedOpeningLeavesItsSeat() {
		StubDriver driver = new StubDriver();
		driver.failNext(new R2dbcNonTransientResourceException("refused", "28000"));
		assertThatException().isThrownBy(() -> opening(driver, Duration.ofSeconds(30)).block(TIMEOUT))
			.withMessage("refused");
		assertThat(this.placement.seated()).isZero();
	}

	@Test
	void anOpeningCutOffByItsTimeoutLeavesItsSeat() {
		StubDriver driver = new StubDriver();
		driver.openingTakes(Duration.ofSeconds(5));
		assertThatException().isThrownBy(() -> opening(driver, Duration.ofMillis(100)).block(TIMEOUT))
			.withCauseInstanceOf(TimeoutException.class);
		assertThat(this.placement.seated()).isZero();
		assertThat(driver.opened()).isZero();
	}

	@Test
	void aConnectionArrivingAfterItsOpeningWasCutOffIsClosedAndHoldsNoSeat() {
		MockConnection late = MockConnection.builder().build();
		assertThatException().isThrownBy(() -> opening(new LateDriver(late), Duration.ofMillis(100)).block(TIMEOUT))
			.withCauseInstanceOf(TimeoutException.class);
		await().atMost(TIMEOUT).until(late::isCloseCalled);
		assertThat(this.placement.seated()).isZero();
		assertThat(this.opened).isEmpty();
	}

	private Mono<PoolEntry> opening(ConnectionFactory driver, Duration acquireTimeout) {
		PoolSettings settings = TestPoolSettings.defaults().acquireTimeout(acquireTimeout).build();
		return ConnectionOpener.opening(driver, settings, this.placement, new PoolListener() {
		}, this.opened::add);
	}

	/**
	 * A driver that answers half a second after it was asked, even if the opening was
	 * given up on by then, as a driver that does not stop a login under way does.
	 */
	private static final class LateDriver implements ConnectionFactory {

		private final Connection connection;

		LateDriver(Connection connection) {
			this.connection = connection;
		}

		@Override
		public Publisher<? extends Connection> create() {
			return (subscriber) -> {
				subscriber.onSubscribe(new Subscription() {

					@Override
					public void request(long n) {
					}

					@Override
					public void cancel() {
					}

				});
				Schedulers.parallel().schedule(() -> {
					subscriber.onNext(this.connection);
					subscriber.onComplete();
				}, 500, TimeUnit.MILLISECONDS);
			};
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return () -> "late";
		}

	}

}
