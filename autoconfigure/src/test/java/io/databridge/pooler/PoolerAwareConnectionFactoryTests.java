package io.databridge.pooler;

import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.databridge.pool.OpeningLoop;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.test.MockConnection;
import io.r2dbc.spi.test.MockResult;
import io.r2dbc.spi.test.MockRow;
import io.r2dbc.spi.test.MockStatement;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link PoolerAwareConnectionFactory} on stub drivers whose connections report
 * a server process of the test's choosing: what the probe concludes, how often it runs,
 * and the switch to unnamed statements.
 *
 * @author Databridge team
 */
class PoolerAwareConnectionFactoryTests {

	private final AtomicInteger processes = new AtomicInteger();

	@Test
	void twoConnectionsOnOneServerProcessSwitchThePoolToUnnamedStatements() {
		StubFactory named = new StubFactory(() -> "7@10.0.0.1:5432/start");
		StubFactory unnamed = new StubFactory(() -> "unused");
		PoolerAwareConnectionFactory factory = new PoolerAwareConnectionFactory("test", true, named, unnamed,
				List.of());
		factory.create().block();
		assertThat(factory.isUnnamedOnly()).isTrue();
		assertThat(named.opened).hasValue(2);
		assertThat(unnamed.opened).hasValue(1);
	}

	@Test
	void twoConnectionsOnTwoServerProcessesKeepNamedStatements() {
		StubFactory named = new StubFactory(() -> this.processes.incrementAndGet() + "@10.0.0.1:5432/start");
		StubFactory unnamed = new StubFactory(() -> "unused");
		PoolerAwareConnectionFactory factory = new PoolerAwareConnectionFactory("test", true, named, unnamed,
				List.of());
		factory.create().block();
		assertThat(factory.isUnnamedOnly()).isFalse();
		assertThat(named.opened).hasValue(3);
		assertThat(unnamed.opened).hasValue(0);
	}

	@Test
	void probeRunsOnceForConnectionsOpenedTogether() {
		StubFactory named = new StubFactory(() -> this.processes.incrementAndGet() + "@h:5432/start");
		PoolerAwareConnectionFactory factory = new PoolerAwareConnectionFactory("test", true, named,
				new StubFactory(() -> "unused"), List.of());
		Flux.range(0, 10).flatMap((i) -> factory.create(), 10).blockLast();
		factory.create().block();
		assertThat(named.opened).hasValue(2 + 11);
	}

	@Test
	void connectionsWaitingForTheProbeAreNotOpenedFromTheThreadThatEndedIt() {
		Scheduler eventLoop = Schedulers.newSingle("probe-event-loop");
		try {
			StubFactory named = new StubFactory(() -> this.processes.incrementAndGet() + "@h:5432/start", eventLoop);
			PoolerAwareConnectionFactory factory = new PoolerAwareConnectionFactory("test", true, named,
					new StubFactory(() -> "unused"), List.of());
			Flux.range(0, 8).flatMap((i) -> factory.create(), 8).blockLast();
			assertThat(named.openedOn).hasSize(10);
			assertThat(named.openedOn.subList(2, 10)).noneMatch((thread) -> thread.startsWith("probe-event-loop"));
		}
		finally {
			eventLoop.dispose();
		}
	}

	@Test
	void connectionsWaitingForTheProbeOpenFromTheLoopThePoolChose() {
		Scheduler eventLoop = Schedulers.newSingle("probe-event-loop");
		Scheduler chosen = Schedulers.newSingle("chosen-loop");
		try {
			StubFactory named = new StubFactory(() -> this.processes.incrementAndGet() + "@h:5432/start", eventLoop);
			PoolerAwareConnectionFactory factory = new PoolerAwareConnectionFactory("test", true, named,
					new StubFactory(() -> "unused"), List.of());
			Flux.range(0, 8).flatMap((i) -> factory.create().contextWrite(OpeningLoop.of(chosen)), 8).blockLast();
			assertThat(named.openedOn).hasSize(10);
			assertThat(named.openedOn.subList(2, 10)).allMatch((thread) -> thread.startsWith("chosen-loop"));
		}
		finally {
			eventLoop.dispose();
			chosen.dispose();
		}
	}

	@Test
	void secondConnectionThatCannotOpenLeavesNamedStatementsWithoutProbingAgain() {
		StubFactory named = new StubFactory(() -> this.processes.incrementAndGet() + "@h:5432/start");
		named.failures.add(null);
		named.failures.add(new R2dbcNonTransientResourceException("sorry, too many clients already", "53300"));
		PoolerAwareConnectionFactory factory = new PoolerAwareConnectionFactory("test", true, named,
				new StubFactory(() -> "unused"), List.of());
		assertThat(factory.create().block()).isNotNull();
		factory.create().block();
		assertThat(factory.isUnnamedOnly()).isFalse();
		assertThat(named.attempts).hasValue(4);
	}

	@Test
	void firstConnectionThatCannotOpenFailsTheCallerAndTheNextConnectionProbesAgain() {
		StubFactory named = new StubFactory(() -> "7@h:5432/start");
		R2dbcNonTransientResourceException refused = new R2dbcNonTransientResourceException("refused", "08001");
		named.failures.add(refused);
		PoolerAwareConnectionFactory factory = new PoolerAwareConnectionFactory("test", true, named,
				new StubFactory(() -> "unused"), List.of());
		assertThatException().isThrownBy(() -> factory.create().block()).isSameAs(refused);
		factory.create().block();
		assertThat(factory.isUnnamedOnly()).isTrue();
	}

	@Test
	void sessionSettingsBehindATransactionPoolerRefuseEveryConnection() {
		PoolerAwareConnectionFactory factory = new PoolerAwareConnectionFactory("test", true,
				new StubFactory(() -> "7@h:5432/start"), new StubFactory(() -> "unused"),
				List.of("databridge.statement-timeout"));
		for (int i = 0; i < 2; i++) {
			assertThatException().isThrownBy(() -> factory.create().block())
				.isInstanceOf(SessionSettingsRefusedException.class)
				.withMessageContaining("databridge.statement-timeout");
		}
	}

	@Test
	void namedStatementErrorSwitchesNewConnectionsToUnnamedStatements() {
		StubFactory named = new StubFactory(() -> "unused");
		StubFactory unnamed = new StubFactory(() -> "unused");
		PoolerAwareConnectionFactory factory = new PoolerAwareConnectionFactory("test", false, named, unnamed,
				List.of());
		factory.create().block();
		factory.namedStatementsConflicted(
				new R2dbcBadGrammarException("prepared statement \"S_0\" already exists", "42P05"));
		factory.create().block();
		assertThat(factory.isUnnamedOnly()).isTrue();
		assertThat(named.opened).hasValue(1);
		assertThat(unnamed.opened).hasValue(1);
	}

	/**
	 * Opens stub connections whose every statement answers with the next server process
	 * identity; fails the attempts it is told to ({@code null} for one that succeeds).
	 */
	private static final class StubFactory implements ConnectionFactory {

		private final Supplier<String> identity;

		private final AtomicInteger attempts = new AtomicInteger();

		private final AtomicInteger opened = new AtomicInteger();

		private final LinkedList<Throwable> failures = new LinkedList<>();

		private final List<String> openedOn = new CopyOnWriteArrayList<>();

		private final @Nullable Scheduler answersOn;

		StubFactory(Supplier<String> identity) {
			this(identity, null);
		}

		/**
		 * Creates a factory whose connections arrive on the given scheduler, as a
		 * driver's arrive on their event loop.
		 */
		StubFactory(Supplier<String> identity, @Nullable Scheduler answersOn) {
			this.identity = identity;
			this.answersOn = answersOn;
		}

		@Override
		public Mono<Connection> create() {
			return Mono.defer(() -> {
				this.attempts.incrementAndGet();
				synchronized (this.failures) {
					if (!this.failures.isEmpty()) {
						Throwable failure = this.failures.poll();
						if (failure != null) {
							return Mono.error(failure);
						}
					}
				}
				this.opened.incrementAndGet();
				this.openedOn.add(Thread.currentThread().getName());
				MockRow row = MockRow.builder().identified(0, Object.class, this.identity.get()).build();
				MockStatement statement = MockStatement.builder().result(MockResult.builder().row(row).build()).build();
				Mono<Connection> connection = Mono
					.just(MockConnection.builder().statement(statement).valid(true).build());
				return (this.answersOn != null) ? connection.publishOn(this.answersOn) : connection;
			});
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return () -> "stub";
		}

	}

}
