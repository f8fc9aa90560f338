package io.databridge.pool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.databridge.query.QueryInstrumentation;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A pooled connection as a caller holds it: its statements are instrumented, and giving
 * it back tells the {@link PoolListener} how long it was held. {@link #unwrap()} returns
 * the pool's connection, whose own {@code unwrap()} returns the driver's.
 *
 * @author Databridge team
 */
final class LeasedConnection implements Connection, Wrapped<Connection> {

	private final Connection delegate;

	private final QueryInstrumentation instrumentation;

	private final PoolListener listener;

	private final long acquiredNanos;

	private final AtomicBoolean released = new AtomicBoolean();

	LeasedConnection(Connection delegate, QueryInstrumentation instrumentation, PoolListener listener,
			long acquiredNanos) {
		this.delegate = delegate;
		this.instrumentation = instrumentation;
		this.listener = listener;
		this.acquiredNanos = acquiredNanos;
	}

	@Override
	public Publisher<Void> close() {
		return Mono.defer(() -> {
			if (this.released.compareAndSet(false, true)) {
				this.listener.connectionReleased(System.nanoTime() - this.acquiredNanos);
			}
			return Mono.from(this.delegate.close());
		});
	}

	@Override
	public Statement createStatement(String sql) {
		return this.instrumentation.instrument(this.delegate.createStatement(sql), sql);
	}

	@Override
	public Batch createBatch() {
		return this.instrumentation.instrument(this.delegate.createBatch());
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
	public Publisher<Void> commitTransaction() {
		return this.delegate.commitTransaction();
	}

	@Override
	public Publisher<Void> rollbackTransaction() {
		return this.delegate.rollbackTransaction();
	}

	@Override
	public Publisher<Void> createSavepoint(String name) {
		return this.delegate.createSavepoint(name);
	}

	@Override
	public Publisher<Void> releaseSavepoint(String name) {
		return this.delegate.releaseSavepoint(name);
	}

	@Override
	public Publisher<Void> rollbackTransactionToSavepoint(String name) {
		return this.delegate.rollbackTransactionToSavepoint(name);
	}

	@Override
	public boolean isAutoCommit() {
		return this.delegate.isAutoCommit();
	}

	@Override
	public Publisher<Void> setAutoCommit(boolean autoCommit) {
		return this.delegate.setAutoCommit(autoCommit);
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
	public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
		return this.delegate.setTransactionIsolationLevel(isolationLevel);
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
	public Publisher<Boolean> validate(ValidationDepth depth) {
		return this.delegate.validate(depth);
	}

	@Override
	public Connection unwrap() {
		return this.delegate;
	}

	@Override
	public String toString() {
		return "LeasedConnection[" + this.delegate + "]";
	}

}
