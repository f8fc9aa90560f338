package io.databridge.pool;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.databridge.error.DatabaseError;
import io.databridge.error.ServerMessage;
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
import reactor.pool.PoolBuilder;
import reactor.pool.PoolConfig;
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
 * {@link PoolListener}, and statements to a {@link QueryInstrumentation}. Build one with
 * {@link #builder(ConnectionFactory, PoolSettings)}.
 * <p>
 * The mapping onto reactor-pool: up to {@code size + maxOverflow} connections, of which
 * {@code size} are opened by a {@link CoreSizeFill fill} and refilled after connections
 * close ({@link PoolRefiller}); {@code maxPending} waiting acquires; most-recently-used
 * idle connections are handed out first, so that overflow connections go idle and are
 * closed. Idle eviction and lifetime are decided by one eviction predicate
 * ({@link ConnectionEvictionPredicate}); connections are opened by a
 * {@link ConnectionOpener}. Each acquire, with its deadline, is an {@link Acquire}.
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

	private final @Nullable ReadReplicas replicas;

	private final boolean writableOnly;

	private final Acquire.Unclaimed unclaimed = new Acquire.Unclaimed(this::releaseDropped);

	private final Deadlines deadlines = new Deadlines(Schedulers.parallel(), System::nanoTime);

	private final Deadlines drainDeadlines = new Deadlines(Schedulers.parallel(), System::nanoTime);

	private DatabridgeConnectionPool(Builder builder) {
		this.settings = builder.settings;
		this.failures = new LastFailureTracker(Clock.systemUTC());
		List<PoolListener> listeners = new ArrayList<>(builder.listeners);
		listeners.add(this.failures);
		this.listener = new PoolListeners(listeners);
		this.instrumentation = builder.instrumentation;
		this.replicas = builder.replicas.isEmpty() ? null : new ReadReplicas(List.copyOf(builder.replicas));
		this.metadata = builder.driver.getMetadata();
		this.entries = ConcurrentHashMap.newKeySet();
		this.refiller = new PoolRefiller(Mono.defer(this::warmup));
		this.pool = connections(builder.driver);
		this.writableOnly = builder.writableOnly;
		this.validator = new ConnectionValidator(this.settings, this.writableOnly);
		this.leakDetector = new LeakDetector(this.settings.name(), this.settings.leakDetectionThreshold(),
				this.listener::leakSuspected);
		this.gracefulShutdown = new GracefulShutdown(() -> this.pool.metrics().acquiredSize());
		this.shutdown = Mono.defer(this::shutDown).cache();
		long period = ConnectionEvictionPredicate.interval(this.settings.idleTimeout()).toMillis();
		this.housekeeping = Schedulers.parallel()
			.schedulePeriodically(this.refiller::request, period, period, TimeUnit.MILLISECONDS);
	}

	/**
	 * Returns a builder of a pool that opens its connections with the given driver, as
	 * the given settings describe.
	 * @param driver the factory that opens new connections
	 * @param settings the pool settings
	 * @return the builder
	 */
	public static Builder builder(ConnectionFactory driver, PoolSettings settings) {
		return new Builder(driver, settings);
	}

	private InstrumentedPool<PoolEntry> connections(ConnectionFactory driver) {
		PoolBuilder<PoolEntry, PoolConfig<PoolEntry>> builder = PoolBuilder
			.from(ConnectionOpener.opening(driver, this.settings, EventLoopPlacement.onDriverLoops(), this.listener,
					this.entries::add))
			.allocationStrategy(new CoreSizeAllocationStrategy(this.settings.size(), this.settings.maxSize()))
			.evictionPredicate(new ConnectionEvictionPredicate(this.settings, this.entries::size, this.listener))
			.evictInBackground(ConnectionEvictionPredicate.interval(this.settings.idleTimeout()))
			.destroyHandler(this::closed)
			.idleResourceReuseMruOrder();
		if (this.settings.maxPending() >= 0) {
			builder.maxPendingAcquire(this.settings.maxPending());
		}
		return builder.buildPool();
	}

	private Mono<Void> closed(PoolEntry entry) {
		this.entries.remove(entry);
		entry.closed();
		this.refiller.request();
		return ConnectionClosing.closeQuietly(entry.connection());
	}

	@Override
	public Mono<Connection> create() {
		return acquire(true);
	}

	/**
	 * Hands out a connection whose statements are not reported to query listeners, for
	 * checks such as health probes that should not count as application queries.
	 * @return the connection
	 */
	public Mono<Connection> createUnobserved() {
		return acquire(false);
	}

	private Mono<Connection> acquire(boolean observed) {
		ReadReplicas replicas = this.replicas;
		if (replicas == null) {
			return acquireOwn(observed);
		}
		return Mono.deferContextual((context) -> ReadOnlyTransactions.isMarked(context)
				? replicas.acquire(observed, () -> acquireOwn(observed)) : acquireOwn(observed));
	}

	/**
	 * Hands out one of this pool's own connections, never a replica's.
	 * @param observed whether its statements are reported to this pool's query listeners
	 * @return the connection
	 */
	Mono<Connection> acquireOwn(boolean observed) {
		return new Acquire(this, observed ? this.instrumentation : QueryInstrumentation.NONE);
	}

	/**
	 * Returns what each read replica is doing: serving read-only transactions, down, or
	 * lagging.
	 * @return the replicas' states, empty when there are none
	 */
	public List<ReplicaState> getReadReplicaStates() {
		ReadReplicas replicas = this.replicas;
		return (replicas != null) ? replicas.states() : List.of();
	}

	/**
	 * Returns the pools of the read replicas that read-only transactions run on.
	 * @return the replicas' pools, empty when there are none
	 */
	public List<DatabridgeConnectionPool> getReadReplicas() {
		ReadReplicas replicas = this.replicas;
		return (replicas != null) ? replicas.pools() : List.of();
	}

	/**
	 * Tries to take a usable connection for the given acquire: one found stale is closed
	 * and another taken, and a transient failure to open one is retried with backoff.
	 * Never checks the time: the acquire's deadline cancels the attempt.
	 * @param acquire the acquire
	 * @param retry how many transient failures were retried before
	 * @return the pooled connection
	 */
	Mono<PooledRef<PoolEntry>> attempt(Acquire.Handoff acquire, int retry) {
		if (this.gracefulShutdown.hasBegun()) {
			return Mono.error(new PoolClosedException(this.settings.name()));
		}
		return this.pool.acquire().flatMap(this::checked).onErrorResume((ex) -> afterFailure(ex, acquire, retry));
	}

	private Mono<PooledRef<PoolEntry>> afterFailure(Throwable failure, Acquire.Handoff acquire, int retry) {
		if (failure instanceof StaleConnectionException) {
			return attempt(acquire, retry);
		}
		if (failure instanceof TimeoutException) {
			// Opening a connection timed out: it began after the acquire did, so the
			// acquire's deadline has passed as well.
			return Mono.error(timedOut(acquire.lastFailure()));
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
		acquire.retrying(failure);
		return Mono.delay(RetryBackoff.ACQUIRE.delay(retry)).then(Mono.defer(() -> attempt(acquire, retry + 1)));
	}

	ConnectionAcquireTimeoutException timedOut(@Nullable Throwable lastFailure) {
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

	Connection lease(PooledRef<PoolEntry> ref, QueryInstrumentation instrumentation, long start,
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
			return ConnectionClosing.cancelRequest(entry.connection()).then(evict(ref, EvictionReason.UNDRAINED));
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

	/**
	 * Returns whether this pool's connections must go to a server that accepts writes
	 * ({@code target_session_attrs=read-write} or {@code primary}).
	 * @return whether only a writable server will do
	 */
	boolean isWritableOnly() {
		return this.writableOnly;
	}

	/**
	 * Takes the sign that the server of a pool whose connections must accept writes
	 * refused a write as read-only outside a read-only transaction: it was made read-only
	 * or demoted to a standby since the connections opened. Retires every connection open
	 * now, so that each is closed when it is given back or found idle, and the
	 * connections opened in their place find the server that accepts writes now.
	 * @param error the server's error
	 */
	void writeRefusedAsReadOnly(Throwable error) {
		int retired = 0;
		for (PoolEntry entry : this.entries) {
			if (!entry.isRetired()) {
				entry.markRetired();
				retired++;
			}
		}
		if (retired > 0) {
			ServerMessage message = ServerMessage.of(error);
			logger.warn("[" + this.settings.name() + "] The server refused a write as read-only ("
					+ ((message != null) ? message.quote() : DatabaseError.of(error).describe())
					+ "), though this pool's connections must accept writes; retiring " + retired
					+ " connection(s) so that new ones go to the server that accepts writes");
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

	Acquire.Unclaimed unclaimed() {
		return this.unclaimed;
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
	Deadlines deadlines() {
		return this.deadlines;
	}

	/**
	 * Returns the deadlines of the give-backs that wait for their connection's statements
	 * to be drained.
	 * @return the deadlines
	 */
	Deadlines drainDeadlines() {
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
		if (this.replicas != null) {
			this.replicas.stopLagChecks();
		}
		Mono<Void> replicas = Flux.fromIterable(getReadReplicas())
			.flatMap((replica) -> replica.shutDown(timeout))
			.then();
		return this.gracefulShutdown.awaitReturns(timeout)
			.flatMap((returned) -> returned ? Mono.empty() : closeInUse(timeout))
			.then(this.pool.disposeLater())
			.and(replicas);
	}

	private Mono<Void> closeInUse(Duration timeout) {
		logger.warn("[" + this.settings.name() + "] " + this.pool.metrics().acquiredSize()
				+ " connection(s) still in use after the shutdown timeout of " + timeout + "; closing them");
		return Flux.fromIterable(Set.copyOf(this.entries))
			.flatMap((entry) -> ConnectionClosing.cancelAndClose(entry.connection()))
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
	 * The pool of a read replica, and the most it may lag.
	 *
	 * @param pool the replica's pool
	 * @param maxLag the most it may lag behind the primary, or {@code null}
	 */
	record ReplicaPool(DatabridgeConnectionPool pool, @Nullable Duration maxLag) {

	}

	/**
	 * Builds a {@link DatabridgeConnectionPool}.
	 */
	public static final class Builder {

		private final ConnectionFactory driver;

		private final PoolSettings settings;

		private List<? extends PoolListener> listeners = List.of();

		private QueryInstrumentation instrumentation = QueryInstrumentation.NONE;

		private final List<ReplicaPool> replicas = new ArrayList<>();

		private boolean writableOnly;

		private Builder(ConnectionFactory driver, PoolSettings settings) {
			this.driver = driver;
			this.settings = settings;
		}

		/**
		 * Sets the listeners told of acquisitions, releases and connections opened and
		 * closed, in order. None by default.
		 * @param listeners the listeners
		 * @return this builder
		 */
		public Builder listeners(List<? extends PoolListener> listeners) {
			this.listeners = List.copyOf(listeners);
			return this;
		}

		/**
		 * Sets the instrumentation of the statements of the connections handed out.
		 * {@link QueryInstrumentation#NONE} by default.
		 * @param instrumentation the instrumentation
		 * @return this builder
		 */
		public Builder instrumentation(QueryInstrumentation instrumentation) {
			this.instrumentation = instrumentation;
			return this;
		}

		/**
		 * Adds the pool of a read replica. Read-only transactions (those whose connection
		 * request carries the {@link ReadOnlyTransactions} mark) run on the replicas in
		 * turn; the primary takes over while none can serve. The replicas close with the
		 * pool. None by default.
		 * @param replica the replica's pool
		 * @param maxLag the most the replica may lag behind the primary and still serve
		 * reads, or {@code null} to not measure its lag
		 * @return this builder
		 */
		public Builder readReplica(DatabridgeConnectionPool replica, @Nullable Duration maxLag) {
			this.replicas.add(new ReplicaPool(replica, maxLag));
			return this;
		}

		/**
		 * Sets whether the connections must go to a server that accepts writes, as with
		 * {@code target_session_attrs=read-write}: a connection found read-only when
		 * validated is closed, and a write refused as read-only (SQLSTATE 25006) outside
		 * a read-only transaction retires every connection open, so that the pool reopens
		 * them where writes are accepted now (after a failover, say). {@code false} by
		 * default.
		 * @param writableOnly whether only a writable server will do
		 * @return this builder
		 */
		public Builder writableOnly(boolean writableOnly) {
			this.writableOnly = writableOnly;
			return this;
		}

		/**
		 * Builds the pool. It opens no connection until asked to: see
		 * {@link DatabridgeConnectionPool#open()}.
		 * @return the pool
		 */
		public DatabridgeConnectionPool build() {
			return new DatabridgeConnectionPool(this);
		}

	}

}
