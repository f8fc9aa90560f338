package io.databridge.pool;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.databridge.error.DatabaseError;
import io.databridge.error.NamedStatementConflict;
import io.databridge.query.QueryExecution;
import io.databridge.query.IoThread;
import io.databridge.query.QueryInstrumentation;
import io.databridge.query.QueryListener;
import io.databridge.query.QueryOutcome;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.pool.PooledRef;

/**
 * A pooled connection as a caller holds it. Its statements are instrumented and watched:
 * a connection-level failure (SQLSTATE class 08, 57P01, 57P02, 57P03, 53300, or a closed
 * socket) marks it broken, so that it is closed rather than pooled again, and a statement
 * with no reply within the reply timeout closes it. Giving it back tells the
 * {@link PoolListener} how long it was held and ends its leak watch; once the statements
 * still running on it are done (a caller that stopped reading early leaves the rest of
 * the answer to be drained, for at most the drain timeout) an open transaction is rolled
 * back and it returns to the pool. Cancelling a transaction begin before it completed
 * takes it back and closes it. Once given back, the handle validates as {@code false} and
 * every other operation on it fails. {@link #unwrap()} returns the driver's connection.
 *
 * @author Databridge team
 */
final class LeasedConnection implements Connection, Wrapped<Connection> {

	private static final Object WATCHDOG = new Object();

	/**
	 * The SQLSTATE of a write refused in a read-only transaction, which is what every
	 * transaction is on a server in recovery or with default_transaction_read_only on.
	 */
	private static final String READ_ONLY_SQL_TRANSACTION = "25006";

	private final PooledRef<PoolEntry> ref;

	private final Connection delegate;

	private final DatabridgeConnectionPool pool;

	private final QueryInstrumentation instrumentation;

	private final long acquiredNanos;

	private final AtomicBoolean released = new AtomicBoolean();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final LeakDetector.Watch leakWatch;

	private volatile @Nullable String lastStatement;

	private volatile @Nullable DrainWait drainWait;

	private volatile boolean unanswered;

	/**
	 * Whether a transaction begun read-only is open, in which a write refused as
	 * read-only is the application's mistake, not the server's change of role.
	 */
	private volatile boolean inReadOnlyTransaction;

	LeasedConnection(PooledRef<PoolEntry> ref, DatabridgeConnectionPool pool, QueryInstrumentation instrumentation,
			long acquiredNanos, LeakDetector.@Nullable AcquisitionSite site) {
		this.ref = ref;
		this.delegate = ref.poolable().connection();
		this.pool = pool;
		this.instrumentation = instrumentation.withOwner(new FailureWatch(), ref.poolable().ioThread());
		this.acquiredNanos = acquiredNanos;
		this.leakWatch = pool.leakDetector().watch(site, () -> this.lastStatement);
	}

	@Override
	public Publisher<Void> close() {
		return Mono.defer(() -> giveBack(false));
	}

	/**
	 * Takes the connection back from an owner that lost it, closing it rather than
	 * pooling it again since its state is unknown. Does nothing once the connection was
	 * given back.
	 */
	void abandon() {
		giveBack(true).subscribe(null, (ex) -> {
		});
	}

	private Mono<Void> giveBack(boolean abandoned) {
		if (!this.released.compareAndSet(false, true)) {
			return Mono.empty();
		}
		this.leakWatch.end();
		if (abandoned) {
			this.ref.poolable().markBroken();
		}
		this.pool.listener().connectionReleased(System.nanoTime() - this.acquiredNanos);
		if (this.inFlight.get() == 0 && !this.unanswered) {
			return detached(this.pool.giveBack(this.ref));
		}
		return detached(statementsDone().then(Mono.defer(this::answersRead))
			.then(Mono.defer(() -> this.pool.giveBack(this.ref))));
	}

	/**
	 * Makes sure the server has answered a statement cancelled before its first answer
	 * arrived: whether the driver had sent it is not known, so a ping is queued behind
	 * it, and its reply, within the drain timeout, shows the connection free. Without
	 * one, the connection is marked undrained. The ping starts on the connection's I/O
	 * thread, after the tasks already queued there, among which may be the demand that
	 * sends the cancelled statement: started from here, it could reach the server first
	 * and find the connection free while the statement then runs.
	 * @return completes once the connection is known free or marked undrained
	 */
	private Mono<Void> answersRead() {
		PoolEntry entry = this.ref.poolable();
		if (!this.unanswered || entry.isBroken()) {
			return Mono.empty();
		}
		Mono<Boolean> ping = ConnectionValidator.ping(this.delegate, this.pool.getSettings().drainTimeout());
		IoThread ioThread = entry.ioThread();
		if (ioThread != null) {
			ping = ping.subscribeOn(Schedulers.fromExecutor(ioThread::schedule));
		}
		return ping.doOnNext((free) -> {
			if (!free) {
				entry.markUndrained();
			}
		}).then();
	}

	/**
	 * Waits until the statements still running on this connection are done: a caller that
	 * stopped reading early (as {@code first()}, {@code take(n)} or a timeout do) gives
	 * the connection back while the rest of the answer is still being read. Past the
	 * drain timeout the connection is marked undrained, to be cancelled and closed.
	 * @return completes once no statement runs, or the drain timeout has passed
	 */
	private Mono<Void> statementsDone() {
		PoolEntry entry = this.ref.poolable();
		if (this.inFlight.get() == 0 || entry.isBroken()) {
			return Mono.empty();
		}
		DrainWait wait = DrainWait.start(entry, System.nanoTime() + this.pool.getSettings().drainTimeout().toNanos(),
				this.pool.drainDeadlines());
		this.drainWait = wait;
		if (this.inFlight.get() == 0) {
			wait.drained();
		}
		return wait.ended();
	}

	private void statementEnded() {
		if (this.inFlight.decrementAndGet() == 0) {
			DrainWait wait = this.drainWait;
			if (wait != null) {
				wait.drained();
			}
		}
	}

	/**
	 * Runs the given-back to its end even if the subscriber to {@code close()} cancels,
	 * as transaction cleanup under cancellation does; otherwise the connection would stay
	 * checked out for good.
	 * @param giveBack the given-back
	 * @return completes when the given-back does
	 */
	private static Mono<Void> detached(Mono<Void> giveBack) {
		Sinks.Empty<Void> done = Sinks.empty();
		giveBack.subscribe(null, (ex) -> done.tryEmitEmpty(), done::tryEmitEmpty);
		return done.asMono();
	}

	@Override
	public Statement createStatement(String sql) {
		requireOpen();
		this.lastStatement = sql;
		return this.instrumentation.instrument(this.delegate.createStatement(sql), sql);
	}

	@Override
	public Batch createBatch() {
		requireOpen();
		return this.instrumentation.instrument(this.delegate.createBatch());
	}

	@Override
	public Publisher<Void> beginTransaction() {
		this.inReadOnlyTransaction = false;
		return new WatchedOperation(this.delegate::beginTransaction, new OperationWatch(true));
	}

	@Override
	public Publisher<Void> beginTransaction(TransactionDefinition definition) {
		this.inReadOnlyTransaction = Boolean.TRUE.equals(definition.getAttribute(TransactionDefinition.READ_ONLY));
		return new WatchedOperation(() -> this.delegate.beginTransaction(definition), new OperationWatch(true));
	}

	@Override
	public Publisher<Void> commitTransaction() {
		this.inReadOnlyTransaction = false;
		return new WatchedOperation(this.delegate::commitTransaction, new OperationWatch(false));
	}

	@Override
	public Publisher<Void> rollbackTransaction() {
		this.inReadOnlyTransaction = false;
		return new WatchedOperation(this.delegate::rollbackTransaction, new OperationWatch(false));
	}

	private void failed(Throwable error) {
		if (DatabaseError.of(error).isConnectionLevel()) {
			this.ref.poolable().markBroken();
		}
		if (NamedStatementConflict.isCausedBy(error)) {
			this.ref.poolable().markBroken();
			this.pool.namedStatementsConflicted(error);
		}
		if (!this.inReadOnlyTransaction && this.pool.isWritableOnly()
				&& READ_ONLY_SQL_TRANSACTION.equals(DatabaseError.of(error).sqlState())) {
			this.pool.writeRefusedAsReadOnly(error);
		}
	}

	private void presumeDead(QueryExecution execution) {
		this.ref.poolable().markBroken();
		this.pool.replyTimedOut(execution);
		Mono.from(this.delegate.close()).subscribe(null, (ex) -> {
		});
	}

	@Override
	public Publisher<Void> createSavepoint(String name) {
		return whenOpen(() -> this.delegate.createSavepoint(name));
	}

	@Override
	public Publisher<Void> releaseSavepoint(String name) {
		return whenOpen(() -> this.delegate.releaseSavepoint(name));
	}

	@Override
	public Publisher<Void> rollbackTransactionToSavepoint(String name) {
		return whenOpen(() -> this.delegate.rollbackTransactionToSavepoint(name));
	}

	@Override
	public boolean isAutoCommit() {
		requireOpen();
		return this.delegate.isAutoCommit();
	}

	@Override
	public Publisher<Void> setAutoCommit(boolean autoCommit) {
		return whenOpen(() -> this.delegate.setAutoCommit(autoCommit));
	}

	@Override
	public ConnectionMetadata getMetadata() {
		return this.delegate.getMetadata();
	}

	@Override
	public IsolationLevel getTransactionIsolationLevel() {
		requireOpen();
		return this.delegate.getTransactionIsolationLevel();
	}

	@Override
	public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
		return whenOpen(() -> this.delegate.setTransactionIsolationLevel(isolationLevel));
	}

	@Override
	public Publisher<Void> setLockWaitTimeout(Duration timeout) {
		return whenOpen(() -> this.delegate.setLockWaitTimeout(timeout));
	}

	@Override
	public Publisher<Void> setStatementTimeout(Duration timeout) {
		return whenOpen(() -> this.delegate.setStatementTimeout(timeout));
	}

	@Override
	public Publisher<Boolean> validate(ValidationDepth depth) {
		return Mono.defer(() -> this.released.get() ? Mono.just(false) : Mono.from(this.delegate.validate(depth)));
	}

	private void requireOpen() {
		if (this.released.get()) {
			throw closed();
		}
	}

	/**
	 * Runs an operation unless this handle is closed by the time it is subscribed to: the
	 * driver's connection may already serve another caller, so every operation on a
	 * closed handle fails.
	 * @param operation the operation
	 * @return the operation, or an error once closed
	 */
	private Publisher<Void> whenOpen(Supplier<Publisher<Void>> operation) {
		return Mono.defer(() -> this.released.get() ? Mono.error(closed()) : Mono.from(operation.get()));
	}

	private IllegalStateException closed() {
		return new IllegalStateException("[" + this.pool.getSettings().name()
				+ "] This connection was closed (given back to the pool) and can no longer be used");
	}

	@Override
	public Connection unwrap() {
		return this.delegate;
	}

	@Override
	public String toString() {
		return "LeasedConnection[" + this.delegate + "]";
	}

	/**
	 * Watches a transaction begin, commit or rollback: it runs only while this handle is
	 * open, counts among the statements running on the connection, and a failure that
	 * breaks the connection marks it broken. A commit or rollback cancelled before it
	 * ended leaves the transaction's outcome unknown: the connection is closed when given
	 * back. A begin cancelled before it ended leaves the connection in an unknown state
	 * and, with Spring's {@code R2dbcTransactionManager}, with nobody to give it back
	 * (the manager releases it on error, not on cancel): the connection is taken back and
	 * closed.
	 */
	private final class OperationWatch implements WatchedOperation.Watch {

		private final boolean begin;

		OperationWatch(boolean begin) {
			this.begin = begin;
		}

		@Override
		public @Nullable RuntimeException start() {
			if (LeasedConnection.this.released.get()) {
				return closed();
			}
			LeasedConnection.this.inFlight.incrementAndGet();
			return null;
		}

		@Override
		public void ended(@Nullable Throwable error) {
			if (error != null) {
				failed(error);
			}
			statementEnded();
		}

		@Override
		public void cancelled() {
			if (this.begin) {
				abandon();
			}
			else {
				LeasedConnection.this.ref.poolable().markBroken();
			}
			statementEnded();
		}

	}

	/**
	 * Watches the statements run on this connection for failures that break it, and for
	 * statements the server does not answer within the reply timeout.
	 */
	private final class FailureWatch implements QueryListener {

		@Override
		public void started(QueryExecution execution) {
			LeasedConnection.this.inFlight.incrementAndGet();
			Duration replyTimeout = LeasedConnection.this.pool.getSettings().replyTimeout();
			if (replyTimeout != null) {
				Disposable watchdog = Schedulers.parallel()
					.schedule(() -> presumeDead(execution), replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
				execution.setAttribute(WATCHDOG, watchdog);
			}
		}

		@Override
		public void finished(QueryExecution execution) {
			if (execution.getAttribute(WATCHDOG) instanceof Disposable watchdog) {
				watchdog.dispose();
			}
			Throwable error = execution.getError();
			if (error != null) {
				failed(error);
			}
			else if (execution.getOutcome() == QueryOutcome.CANCELLED) {
				LeasedConnection.this.unanswered = true;
			}
			statementEnded();
		}

	}

}
