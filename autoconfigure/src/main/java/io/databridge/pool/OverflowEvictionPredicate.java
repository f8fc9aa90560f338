package io.databridge.pool;

import java.time.Duration;
import java.util.function.BiPredicate;
import java.util.function.IntSupplier;

import io.r2dbc.spi.Connection;
import reactor.pool.PooledRefMetadata;

/**
 * Decides which idle connections to close: only those above the pool's core size that
 * have been idle for the idle timeout. The core connections stay open however long they
 * are idle, as SQLAlchemy's {@code pool_size} connections do.
 *
 * @author Databridge team
 */
class OverflowEvictionPredicate implements BiPredicate<Connection, PooledRefMetadata> {

	private final int size;

	private final long idleTimeoutMillis;

	private final IntSupplier allocated;

	/**
	 * Creates a predicate.
	 * @param size the number of connections kept regardless of idleness
	 * @param idleTimeout the idle time after which an overflow connection is closed
	 * @param allocated supplies the number of connections the pool holds now
	 */
	OverflowEvictionPredicate(int size, Duration idleTimeout, IntSupplier allocated) {
		this.size = size;
		this.idleTimeoutMillis = idleTimeout.toMillis();
		this.allocated = allocated;
	}

	@Override
	public boolean test(Connection connection, PooledRefMetadata metadata) {
		return metadata.idleTime() >= this.idleTimeoutMillis && this.allocated.getAsInt() > this.size;
	}

}
