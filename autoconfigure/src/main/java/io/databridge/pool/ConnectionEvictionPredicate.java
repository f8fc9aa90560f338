package io.databridge.pool;

import java.util.function.BiPredicate;
import java.util.function.IntSupplier;

import io.r2dbc.spi.Connection;
import reactor.pool.PooledRefMetadata;

/**
 * Decides which connections the pool closes, and tells the {@link PoolListener} why.
 * <ul>
 * <li>A connection older than its lifetime is closed. Each connection's lifetime is the
 * maximum lifetime shortened by up to {@link PoolSettings#LIFETIME_VARIANCE_PERCENT}
 * percent, fixed per connection, so connections opened together do not expire
 * together.</li>
 * <li>An idle connection above the pool's core size is closed after the idle timeout. The
 * core connections stay open however long they are idle, as SQLAlchemy's
 * {@code pool_size} connections do.</li>
 * </ul>
 *
 * @author Databridge team
 */
class ConnectionEvictionPredicate implements BiPredicate<Connection, PooledRefMetadata> {

	private static final double JITTER_RESOLUTION = 0x10000;

	private final int size;

	private final long idleTimeoutMillis;

	private final long maxLifetimeMillis;

	private final IntSupplier allocated;

	private final PoolListener listener;

	/**
	 * Creates a predicate.
	 * @param settings the pool settings
	 * @param allocated supplies the number of connections the pool holds now
	 * @param listener told of each connection the predicate closes
	 */
	ConnectionEvictionPredicate(PoolSettings settings, IntSupplier allocated, PoolListener listener) {
		this.size = settings.size();
		this.idleTimeoutMillis = settings.idleTimeout().toMillis();
		this.maxLifetimeMillis = settings.maxLifetime().toMillis();
		this.allocated = allocated;
		this.listener = listener;
	}

	@Override
	public boolean test(Connection connection, PooledRefMetadata metadata) {
		if (this.maxLifetimeMillis > 0 && metadata.lifeTime() >= lifetime(connection)) {
			this.listener.connectionEvicted(EvictionReason.LIFETIME);
			return true;
		}
		if (metadata.idleTime() >= this.idleTimeoutMillis && this.allocated.getAsInt() > this.size) {
			this.listener.connectionEvicted(EvictionReason.IDLE);
			return true;
		}
		return false;
	}

	/**
	 * Returns the lifetime of the given connection.
	 * @param connection the connection
	 * @return its lifetime in milliseconds, between the maximum lifetime less the
	 * variance and the maximum lifetime
	 */
	long lifetime(Connection connection) {
		double share = (System.identityHashCode(connection) & 0xFFFF) / JITTER_RESOLUTION;
		long variance = (long) (this.maxLifetimeMillis * PoolSettings.LIFETIME_VARIANCE_PERCENT / 100 * share);
		return this.maxLifetimeMillis - variance;
	}

}
