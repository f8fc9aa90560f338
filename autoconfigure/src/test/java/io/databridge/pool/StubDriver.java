package io.databridge.pool;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.test.MockConnection;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A driver for fast tests of the pool's own logic, with no server: it opens stub
 * connections (r2dbc-spi-test's {@code MockConnection}), counts what it opened and what
 * was closed, and can be told to fail the next attempts or to take a while.
 *
 * @author Databridge team
 */
final class StubDriver implements ConnectionFactory {

	private final AtomicInteger attempts = new AtomicInteger();

	private final AtomicInteger opened = new AtomicInteger();

	private final AtomicInteger closed = new AtomicInteger();

	private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

	private volatile Duration openingTime = Duration.ZERO;

	@Override
	public Mono<Connection> create() {
		return Mono.defer(() -> {
			this.attempts.incrementAndGet();
			Throwable failure = this.failures.poll();
			if (failure != null) {
				return Mono.error(failure);
			}
			Mono<Connection> connection = Mono.fromSupplier(() -> {
				this.opened.incrementAndGet();
				return new CountedConnection(MockConnection.builder().valid(true).build());
			});
			return this.openingTime.isZero() ? connection : Mono.delay(this.openingTime).then(connection);
		});
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return () -> "stub";
	}

	/**
	 * Makes the next attempts fail, one failure each, in order.
	 * @param failures the failures
	 */
	void failNext(Throwable... failures) {
		this.failures.addAll(List.of(failures));
	}

	void openingTakes(Duration openingTime) {
		this.openingTime = openingTime;
	}

	int attempts() {
		return this.attempts.get();
	}

	int opened() {
		return this.opened.get();
	}

	int closed() {
		return this.closed.get();
	}

	/**
	 * A stub connection that counts its close.
	 */
	private final class CountedConnection implements Connection {

		private final MockConnection delegate;

		CountedConnection(MockConnection delegate) {
			this.delegate = delegate;
		}

		@Override
		public Publisher<Void> beginTransaction() {
			return this.delegate.beginTransaction();
		}

		@Override
		public Publisher<Void> beginTransaction(TransactionDefinition definition) {
			return this.delegate.beginTransaction(definition);
		}

		@Override
		public Publisher<Void> close() {
			return Mono.fromRunnable(StubDriver.this.closed::incrementAndGet).then(Mono.from(this.delegate.close()));
		}

		@Override
		public Publisher<Void> commitTransaction() {
			return this.delegate.commitTransaction();
		}

		@Override
		public Batch createBatch() {
			return this.delegate.createBatch();
		}

		@Override
		public Publisher<Void> createSavepoint(String name) {
			return this.delegate.createSavepoint(name);
		}

		@Override
		public Statement createStatement(String sql) {
			return this.delegate.createStatement(sql);
		}

		@Override
		public boolean isAutoCommit() {
			return this.delegate.isAutoCommit();
		}

		@Override
		public ConnectionMetadata getMetadata() {
			return this.delegate.getMetadata();
		}

		@Override
		public IsolationLevel getTransactionIsolationLevel() {
			return this.delegate.getTransactionIsolationLevel();
		}

		@Override
		public Publisher<Void> releaseSavepoint(String name) {
			return this.delegate.releaseSavepoint(name);
		}

		@Override
		public Publisher<Void> rollbackTransaction() {
			return this.delegate.rollbackTransaction();
		}

		@Override
		public Publisher<Void> rollbackTransactionToSavepoint(String name) {
			return this.delegate.rollbackTransactionToSavepoint(name);
		}

		@Override
		public Publisher<Void> setAutoCommit(boolean autoCommit) {
			return this.delegate.setAutoCommit(autoCommit);
		}

		@Override
		public Publisher<Void> setLockWaitTimeout(Duration timeout) {
			return this.delegate.setLockWaitTimeout(timeout);
		}

		@Override
		public Publisher<Void> setStatementTimeout(Duration timeout) {
			return this.delegate.setStatementTimeout(timeout);
		}

		@Override
		public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
			return this.delegate.setTransactionIsolationLevel(isolationLevel);
		}

		@Override
		public Publisher<Boolean> validate(ValidationDepth depth) {
			return this.delegate.validate(depth);
		}

	}

}
