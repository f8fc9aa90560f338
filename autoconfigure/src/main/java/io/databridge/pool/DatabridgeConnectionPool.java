package io.databridge.pool;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.databridge.error.DatabaseError;
import io.databridge.query.QueryExecution;
import io.databridge.query.QueryInstrumentation;
import io.r2dbc.spi.Closeable;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ValidationDepth;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.pool.InstrumentedPool;
import reactor.pool.PoolAcquirePendingLimitException;
import reactor.pool.PoolShutdownException;
import reactor.pool.PooledRef;

/**
 * The {@link ConnectionFactory} Databridge hands to the application: a pool of PostgreSQL
 * connections, built on reactor-pool, that survives a misbehaving database.
 * <ul>
 * <li>A connection is checked before it is handed out as the {@link ValidationMode} says;
 * one found dead is closed and the caller is given another.</li>
 * <li>An acquire whose attempt to open a connection fails with a transient error
 * (connection refused or lost, server starting or shutting down, too many connections)
 * retries with {@link RetryBackoff#ACQUIRE backoff} until the acquire timeout, then fails
 * with a {@link ConnectionAcquireTimeoutException} naming the last failure. Other
 * failures (authentication, missing database, TLS) fail at once.</li>
 * <li>Past {@code maxPending} waiting callers, an acquire fails at once with a
 * {@link PendingAcquireLimitException}.</li>
 * <li>A connection that broke while in use is closed when given back, and the pool is
 * refilled to its core size.</li>
 * <li>Closing the pool stops handing out connections, lets in-flight work finish within
 * the shutdown timeout, then closes every connection.</li>
 * </ul>
 * Acquisitions, releases, connections opened and closed are reported to a
 * {@link PoolListener}, and statements to a {@link QueryInstrumentation}. Create one with
 * {@link ConnectionPoolFactory}.
 *
 * @author Databridge team
 */
public final class DatabridgeConnectionPool implements ConnectionFactory, Closeable, Disposable {

	private static final Log logger = LogFactory.getLog(DatabridgeConnectionPool.class);

	private final InstrumentedPool<PoolEntry> pool;

	private final PoolSettings settings;

	private final PoolListener listener;

	private final LastFailureTracker failures;

	private final QueryInstrumentation instrumentation;

	private final ConnectionFactoryMetadata metadata;

	private final ConnectionValidator validator;

	private final LeakDetector leakDetector;

	private final Set<PoolEntry> entries;

	private final AtomicBoolean namedStatementsRetired = new AtomicBoolean();

	private final PoolRefiller refiller;

	private final Disposable housekeeping;

	private final GracefulShutdown gracefulShutdown;

	private final Mono<Void> shutdown;

	private final AcquisitionHandoff.Unclaimed unclaimed = new AcquisitionHandoff.Unclaimed(this::releaseDropped);

	private final AcquireDeadlines deadlines = new AcquireDeadlines(Schedulers.parallel(), System::nanoTime);

	private final AcquireDeadlines drainDeadlines = new AcquireDeadlines(Schedulers.parallel(), System::nanoTime);

	DatabridgeConnectionPool(PoolParts parts, QueryInstrumentation instrumentation) {
		this.pool = parts.pool();
		this.settings = parts.settings();
		this.listener = parts.listener();
		this.failures = parts.failures();
		this.metadata = parts.metadata();
		this.entries = parts.entries();
		this.refiller = parts.refiller();
		this.housekeeping = parts.housekeeping();
		this.instrumentation = instrumentation;
		this.validator = new ConnectionValidator(this.settings);
		this.leakDetector = new LeakDetector(this.settings.name(), this.settings.leakDetectionThreshold(),
				this.listener::leakSuspected);
		this.gracefulShutdown = new GracefulShutdown(() -> this.pool.metrics().acquiredSize());
		this.shutdown = Mono.defer(this::shutDown).cache();
	}

	@Override
	public Mono<Connection> create() {
		return acquire(this.instrumentation);
	}

	/**
	 * Hands out a connection whose statements are not reported to query listeners, for
	 * checks such as health probes that should not count as application queries.
	 * @return the connection
	 */
	public Mono<Connection> createUnobserved() {
		return acquire(QueryInstrumentation.NONE);
	}

	private Mono<Connection> acquire(QueryInstrumentation instrumentation) {
		return Mono.deferContextual((context) -> {
			long start = System.nanoTime();
			LeakDetector.AcquisitionSite site = this.leakDetector.site();
			Attempt attempt = new Attempt(start + this.settings.acquireTimeout().toNanos());
			Mono<Connection> connection = AcquisitionHandoff
				.acquire(acquireBefore(attempt, 0), (ref) -> lease(ref, instrumentation, start, site), this.unclaimed,
						this.deadlines, attempt.deadline, () -> timedOut(attempt.lastFailure))
				.doOnError((ex) -> this.listener.acquireFailed(System.nanoTime() - start, ex));
			LeaseScope scope = LeaseScope.in(context);
			return (scope != null) ? connection.doOnNext(scope::leased) : connection;
		});
	}

	private Mono<PooledRef<PoolEntry>> acquireBefore(Attempt attempt, int retry) {
		if (this.gracefulShutdown.hasBegun()) {
			return Mono.error(new PoolClosedException(this.settings.name()));
		}
		if (attempt.deadline - System.nanoTime() <= 0) {
			return Mono.error(timedOut(attempt.lastFailure));
		}
		return this.pool.acquire().flatMap(this::checked).onErrorResume((ex) -> afterFailure(ex, attempt, retry));
	}

	private Mono<PooledRef<PoolEntry>> afterFailure(Throwable failure, Attempt attempt, int retry) {
		if (failure instanceof TimeoutException) {
			return Mono.error(timedOut(attempt.lastFailure));
		}
		if (failure instanceof StaleConnectionException) {
			return acquireBefore(attempt, retry);
		}
		if (failure instanceof PoolAcquirePendingLimitException) {
			return Mono
				.error(new PendingAcquireLimitException(this.settings.name(), this.settings.maxPending(), failure));
		}
		if (failure instanceof PoolShutdownException) {
			return Mono.error(new PoolClosedException(this.settings.name(), failure));
		}
		if (!DatabaseError.of(failure).kind().isTransient()) {
			return Mono.error(failure);
		}
		attempt.lastFailure = failure;
		Duration delay = RetryBackoff.ACQUIRE.delay(retry);
		if (attempt.deadline - System.nanoTime() <= delay.toNanos()) {
			return Mono.error(timedOut(failure));
		}
		return Mono.delay(delay).then(Mono.defer(() -> acquireBefore(attempt, retry + 1)));
	}

	private ConnectionAcquireTimeoutException timedOut(@Nullable Throwable lastFailure) {
		return new ConnectionAcquireTimeoutException(this.settings.acquireTimeout(), getState(), lastFailure);
	}

	private Mono<PooledRef<PoolEntry>> checked(PooledRef<PoolEntry> ref) {
		Mono<Boolean> check = this.validator.check(ref.poolable(), System.nanoTime());
		if (check == null) {
			return Mono.just(ref);
		}
		Boolean known = ConnectionValidator.now(check);
		if (known != null) {
			return known ? Mono.just(ref) : discard(ref);
		}
		return check.flatMap((usable) -> usable ? Mono.just(ref) : discard(ref))
			.doOnCancel(() -> ref.invalidate().subscribe(null, this::ignore));
	}

	private Mono<PooledRef<PoolEntry>> discard(PooledRef<PoolEntry> ref) {
		ref.poolable().markBroken();
		return evict(ref, EvictionReason.VALIDATION).then(Mono.error(StaleConnectionException.INSTANCE));
	}

	private Connection lease(PooledRef<PoolEntry> ref, QueryInstrumentation instrumentation, long start,
			LeakDetector.@Nullable AcquisitionSite site) {
		long now = System.nanoTime();
		this.listener.connectionAcquired(now - start);
		return new LeasedConnection(ref, this, instrumentation, now, site);
	}

	/**
	 * Takes back a connection a caller is done with: a broken or closed one is closed,
	 * one still busy with a statement nobody reads has that statement cancelled on the
	 * server and is closed, an open transaction is rolled back, and the rest is pooled
	 * again.
	 * @param ref the pool's reference to the connection
	 * @return completes once the connection is back in the pool or closed
	 */
	Mono<Void> giveBack(PooledRef<PoolEntry> ref) {
		PoolEntry entry = ref.poolable();
		if (entry.isUndrained()) {
			return ConnectionPoolFactory.cancelRequest(entry.connection()).then(evict(ref, EvictionReason.UNDRAINED));
		}
		if (entry.isBroken()) {
			return evict(ref, EvictionReason.BROKEN);
		}
		Connection connection = entry.connection();
		Mono<Boolean> check = Mono.from(connection.validate(ValidationDepth.LOCAL));
		Boolean known = ConnectionValidator.now(check);
		if (known != null) {
			return known ? reset(ref) : evict(ref, EvictionReason.BROKEN);
		}
		return check.flatMap((open) -> open ? reset(ref) : evict(ref, EvictionReason.BROKEN));
	}

	private Mono<Void> reset(PooledRef<PoolEntry> ref) {
		PoolEntry entry = ref.poolable();
		Connection connection = entry.connection();
		if (connection.isAutoCommit()) {
			entry.returned(System.nanoTime());
			return ref.release().onErrorResume((ex) -> evict(ref, EvictionReason.BROKEN));
		}
		return Mono.from(connection.rollbackTransaction())
			.timeout(this.settings.validationTimeout())
			.then(Mono.defer(() -> {
				entry.returned(System.nanoTime());
				return ref.release();
			}))
			.onErrorResume((ex) -> evict(ref, EvictionReason.BROKEN));
	}

	private Mono<Void> evict(PooledRef<PoolEntry> ref, EvictionReason reason) {
		this.listener.connectionEvicted(reason);
		return ref.invalidate().onErrorResume((ex) -> Mono.empty());
	}

	/**
	 * Takes the sign that named prepared statements went to the wrong server connection:
	 * the first time, tells the listeners (which stop new connections from naming
	 * statements), then retires every connection open now, so that each is closed when it
	 * is given back or found idle, and the pool refills with connections opened after the
	 * change. Later signs come from connections opened before the change (a few may still
	 * have been opening at that moment); each is closed by the caller that met the error,
	 * and the connections opened since are left alone.
	 * @param error the server's error
	 */
	void namedStatementsConflicted(Throwable error) {
		if (this.namedStatementsRetired.compareAndSet(false, true)) {
			this.listener.namedStatementsConflicted(error);
			this.entries.forEach(PoolEntry::markRetired);
		}
	}

	void replyTimedOut(QueryExecution execution) {
		logger.warn("[" + this.settings.name() + "] No reply from the server to a " + execution.getOperation().name()
				+ " statement within " + this.settings.replyTimeout() + "; closing its connection");
	}

	/**
	 * Gives back a connection that an operator dropped or discarded because its
	 * subscriber had cancelled by the time the connection arrived.
	 * @param dropped the dropped value
	 */
	private void releaseDropped(Object dropped) {
		if (dropped instanceof PooledRef<?> ref) {
			ref.release().subscribe(null, this::ignore);
		}
		else if (dropped instanceof Connection connection) {
			Mono.from(connection.close()).subscribe(null, this::ignore);
		}
	}

	private void ignore(Throwable ex) {
		logger.debug("[" + this.settings.name() + "] Failed to give back a connection nobody waited for", ex);
	}

	PoolListener listener() {
		return this.listener;
	}

	LeakDetector leakDetector() {
		return this.leakDetector;
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return this.metadata;
	}

	/**
	 * Returns the settings this pool was built from.
	 * @return the settings
	 */
	public PoolSettings getSettings() {
		return this.settings;
	}

	/**
	 * Returns the deadlines of the acquires that wait for a connection.
	 * @return the deadlines
	 */
	AcquireDeadlines deadlines() {
		return this.deadlines;
	}

	/**
	 * Returns the deadlines of the give-backs that wait for their connection's statements
	 * to be drained.
	 * @return the deadlines
	 */
	AcquireDeadlines drainDeadlines() {
		return this.drainDeadlines;
	}

	/**
	 * Reads the pool's state, without touching the server.
	 * @return the current state
	 */
	public PoolState getState() {
		InstrumentedPool.PoolMetrics metrics = this.pool.metrics();
		return new PoolState(this.settings.name(), metrics.acquiredSize(), metrics.idleSize(),
				metrics.pendingAcquireSize(), this.settings.maxSize(), this.settings.size(),
				this.failures.lastFailure(), isClosing());
	}

	/**
	 * Opens one connection, then more until the pool holds its core size. Nothing is
	 * retried: the first failure ends the returned {@link Mono}, so that a wrong password
	 * costs one attempt.
	 * @return the number of connections the pool holds once done
	 */
	public Mono<Integer> open() {
		return this.pool.acquire()
			.timeout(this.settings.acquireTimeout())
			.flatMap(PooledRef::release)
			.then(warmup())
			.map((opened) -> this.pool.metrics().allocatedSize());
	}

	/**
	 * Opens connections until the pool holds its core size.
	 * @return the number of connections opened
	 */
	public Mono<Integer> warmup() {
		return CoreSizeFill.of(this.pool, this.settings.size(), this.settings.acquireTimeout());
	}

	/**
	 * Shuts the pool down: no connection is handed out any more, in-flight work is given
	 * the shutdown timeout to give its connections back, then every connection is closed.
	 * @return completes once every connection is closed
	 */
	@Override
	public Mono<Void> close() {
		return this.shutdown;
	}

	/**
	 * Shuts the pool down without waiting for in-flight work, as when it could not be
	 * opened at startup.
	 */
	public void disposeNow() {
		shutDown(Duration.ZERO).block();
	}

	private Mono<Void> shutDown() {
		return shutDown(this.settings.shutdownTimeout());
	}

	private Mono<Void> shutDown(Duration timeout) {
		this.gracefulShutdown.begin();
		this.refiller.stop();
		this.housekeeping.dispose();
		return this.gracefulShutdown.awaitReturns(timeout)
			.flatMap((returned) -> returned ? Mono.empty() : closeInUse(timeout))
			.then(this.pool.disposeLater());
	}

	private Mono<Void> closeInUse(Duration timeout) {
		logger.warn("[" + this.settings.name() + "] " + this.pool.metrics().acquiredSize()
				+ " connection(s) still in use after the shutdown timeout of " + timeout + "; closing them");
		return Flux.fromIterable(Set.copyOf(this.entries))
			.flatMap((entry) -> ConnectionPoolFactory.cancelAndClose(entry.connection()))
			.then();
	}

	/**
	 * Shuts the pool down as {@link #close()} does and waits until it is done.
	 */
	@Override
	public void dispose() {
		close().block();
	}

	@Override
	public boolean isDisposed() {
		return this.pool.isDisposed();
	}

	private boolean isClosing() {
		return this.gracefulShutdown.hasBegun() || this.pool.isDisposed();
	}

	/**
	 * One caller's acquire: its deadline and the last transient failure it retried.
	 */
	private static final class Attempt {

		private final long deadline;

		private volatile @Nullable Throwable lastFailure;

		Attempt(long deadline) {
			this.deadline = deadline;
		}

	}

	/**
	 * The pool's working parts, as {@link ConnectionPoolFactory} assembles them.
	 *
	 * @param pool the reactor-pool pool of connections
	 * @param settings the settings
	 * @param listener told of acquisitions, releases and connections opened and closed
	 * @param failures remembers the last failure to open a connection
	 * @param metadata the driver's metadata
	 * @param entries every connection the pool holds open
	 * @param refiller refills the pool to its core size
	 * @param housekeeping the periodic refill task
	 */
	record PoolParts(InstrumentedPool<PoolEntry> pool, PoolSettings settings, PoolListener listener,
			LastFailureTracker failures, ConnectionFactoryMetadata metadata, Set<PoolEntry> entries,
			PoolRefiller refiller, Disposable housekeeping) {
	}

}
