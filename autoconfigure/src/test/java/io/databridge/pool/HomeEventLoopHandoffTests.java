package io.databridge.pool;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that a connection reaches its caller on the event loop that does its I/O,
 * whichever thread acquired it or gave it back, so that the caller's statements are
 * written from that loop. A connection's loop is seen by running a statement on it: its
 * rows are emitted there.
 *
 * @author Databridge team
 */
class HomeEventLoopHandoffTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	final SingleConnectionPools pools = new SingleConnectionPools();

	@Test
	void aConnectionAcquiredOnAnotherThreadIsHandedOverOnItsEventLoop() {
		DatabridgeConnectionPool pool = open(UnaryOperator.identity());
		AtomicReference<String> handedOverOn = new AtomicReference<>();
		String rowsOn = Mono
			.usingWhen(Mono.from(pool.create()).doOnNext((connection) -> handedOverOn.set(thread())),
					HomeEventLoopHandoffTests::threadOf, Connection::close)
			.block(TIMEOUT);
		assertThat(thread()).doesNotStartWith("reactor-tcp-");
		assertThat(rowsOn).startsWith("reactor-tcp-");
		assertThat(handedOverOn).hasValue(rowsOn);
	}

	@Test
	void aConnectionGivenBackOnAnotherThreadReachesTheCallerWaitingForItOnItsEventLoop() throws Exception {
		DatabridgeConnectionPool pool = open(UnaryOperator.identity());
		Connection first = Mono.from(pool.create()).block(TIMEOUT);
		String home = threadOf(first).block(TIMEOUT);
		AtomicReference<String> handedOverOn = new AtomicReference<>();
		CompletableFuture<String> waiter = Mono
			.usingWhen(Mono.from(pool.create()).doOnNext((connection) -> handedOverOn.set(thread())),
					HomeEventLoopHandoffTests::threadOf, Connection::close)
			.toFuture();
		assertThat(pool.getState().pending()).isEqualTo(1);
		Mono.from(first.close()).block(TIMEOUT);
		assertThat(waiter.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(home);
		assertThat(handedOverOn).hasValue(home);
	}

	@Test
	void aConnectionWhoseEventLoopTakesNoTasksIsHandedOverOnTheAcquiringThreadAndPooledAgain() {
		Scheduler stopped = Schedulers.newSingle("stopped");
		stopped.dispose();
		DatabridgeConnectionPool pool = open((connection) -> withHome(connection, stopped));
		AtomicReference<String> handedOverOn = new AtomicReference<>();
		String rowsOn = Mono
			.usingWhen(Mono.from(pool.create()).doOnNext((connection) -> handedOverOn.set(thread())),
					HomeEventLoopHandoffTests::threadOf, Connection::close)
			.block(TIMEOUT);
		assertThat(handedOverOn).hasValue(thread());
		assertThat(rowsOn).startsWith("reactor-tcp-");
		assertThat(pool.getState().active()).isZero();
		assertThat(pool.getState().idle()).isOne();
	}

	private DatabridgeConnectionPool open(UnaryOperator<Connection> connections) {
		ConnectionFactory driver = SingleConnectionPools.driver();
		ConnectionFactory wrapping = new ConnectionFactory() {

			@Override
			public Publisher<? extends Connection> create() {
				return Mono.from(driver.create()).map(connections);
			}

			@Override
			public ConnectionFactoryMetadata getMetadata() {
				return driver.getMetadata();
			}

		};
		return this.pools.open(wrapping, TIMEOUT);
	}

	/**
	 * Returns the driver's connection as it is, except that it names the given scheduler
	 * as the one that runs on its event loop.
	 */
	private static Connection withHome(Connection connection, Scheduler home) {
		return (Connection) Proxy.newProxyInstance(HomeEventLoopHandoffTests.class.getClassLoader(),
				new Class<?>[] { Connection.class, Wrapped.class }, (proxy, method, args) -> {
					if (method.getName().equals("unwrap") && args != null && args[0] == Scheduler.class) {
						return home;
					}
					try {
						return method.invoke(connection, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	private static Mono<String> threadOf(Connection connection) {
		return Flux.from(connection.createStatement("SELECT 1").execute())
			.flatMap((result) -> result.map((row, metadata) -> thread()))
			.single();
	}

	private static String thread() {
		return Thread.currentThread().getName();
	}

}
