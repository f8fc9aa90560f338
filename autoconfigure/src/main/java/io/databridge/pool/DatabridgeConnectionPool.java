package io.databridge.pool;

import io.databridge.query.QueryInstrumentation;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Closeable;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The {@link ConnectionFactory} Databridge hands to the application: an r2dbc-pool
 * {@link ConnectionPool} whose acquisitions, releases and statements are reported to
 * {@link PoolListener listeners} and a {@link QueryInstrumentation}, and whose
 * {@link #getState() state} can be read without touching the server.
 * <p>
 * Create one with {@link ConnectionPoolFactory}. {@link #unwrap()} returns the r2dbc-pool
 * {@link ConnectionPool}.
 *
 * @author Databridge team
 */
public final class DatabridgeConnectionPool
		implements ConnectionFactory, Wrapped<ConnectionPool>, Closeable, Disposable {

	private final ConnectionPool pool;

	private final PoolSettings settings;

	private final PoolListener listener;

	private final LastFailureTracker failures;

	private final QueryInstrumentation instrumentation;

	DatabridgeConnectionPool(ConnectionPool pool, PoolSettings settings, PoolListener listener,
			LastFailureTracker failures, QueryInstrumentation instrumentation) {
		this.pool = pool;
		this.settings = settings;
		this.listener = listener;
		this.failures = failures;
		this.instrumentation = instrumentation;
	}

	@Override
	public Mono<Connection> create() {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return this.pool.create()
				.map((connection) -> lease(connection, start))
				.doOnError((ex) -> this.listener.acquireFailed(System.nanoTime() - start, ex));
		});
	}

	private Connection lease(Connection connection, long start) {
		long now = System.nanoTime();
		this.listener.connectionAcquired(now - start);
		return new LeasedConnection(connection, this.instrumentation, this.listener, now);
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return this.pool.getMetadata();
	}

	/**
	 * Returns the settings this pool was built from.
	 * @return the settings
	 */
	public PoolSettings getSettings() {
		return this.settings;
	}

	/**
	 * Reads the pool's state, without touching the server.
	 * @return the current state
	 */
	public PoolState getState() {
		PoolMetrics metrics = this.pool.getMetrics().orElse(null);
		int active = (metrics != null) ? metrics.acquiredSize() : 0;
		int idle = (metrics != null) ? metrics.idleSize() : 0;
		int pending = (metrics != null) ? metrics.pendingAcquireSize() : 0;
		int max = (metrics != null) ? metrics.getMaxAllocatedSize() : this.settings.maxSize();
		return new PoolState(this.settings.name(), active, idle, pending, max, this.settings.size(),
				this.failures.lastFailure(), this.pool.isDisposed());
	}

	/**
	 * Opens connections until the pool holds its core size.
	 * @return the number of connections opened
	 */
	public Mono<Integer> warmup() {
		return this.pool.warmup();
	}

	@Override
	public ConnectionPool unwrap() {
		return this.pool;
	}

	@Override
	public Publisher<Void> close() {
		return this.pool.close();
	}

	@Override
	public void dispose() {
		this.pool.dispose();
	}

	@Override
	public boolean isDisposed() {
		return this.pool.isDisposed();
	}

}
