package io.databridge.pool;

import java.time.Duration;
import java.util.function.BiPredicate;
import java.util.function.IntSupplier;

import reactor.pool.PooledRefMetadata;

/**
 * Decides which idle connections the pool closes, and tells the {@link PoolListener} why.
 * <ul>
 * <li>A connection that broke while in use is closed.</li>
 * <li>A connection older than its own {@link PoolEntry#lifetimeMillis() lifetime} is
 * closed, so connections opened together do not expire together.</li>
 * <li>An idle connection above the pool's core size is closed after the idle timeout. The
 * core connections stay open however long they are idle, as SQLAlchemy's
 * {@code pool_size} connections do.</li>
 * </ul>
 *
 * @author Databridge team
 */
final class ConnectionEvictionPredicate implements BiPredicate<PoolEntry, PooledRefMetadata> {

	private static final Duration MIN_INTERVAL = Duration.ofMillis(100);

	private static final Duration MAX_INTERVAL = Duration.ofSeconds(30);

	private final int size;

	private final long idleTimeoutMillis;

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
		this.allocated = allocated;
		this.listener = listener;
	}

	@Override
	public boolean test(PoolEntry entry, PooledRefMetadata metadata) {
		if (entry.isBroken()) {
			return true;
		}
		if (entry.isRetired()) {
			this.listener.connectionEvicted(EvictionReason.RETIRED);
			return true;
		}
		if (metadata.lifeTime() >= entry.lifetimeMillis()) {
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
	 * Returns how often idle connections are checked: half the idle timeout, so that an
	 * idle connection is closed at most half a timeout late, between 100 ms and 30 s.
	 * @param idleTimeout the pool's idle timeout
	 * @return the interval between checks
	 */
	static Duration interval(Duration idleTimeout) {
		Duration half = idleTimeout.dividedBy(2);
		if (half.compareTo(MIN_INTERVAL) < 0) {
			return MIN_INTERVAL;
		}
		return (half.compareTo(MAX_INTERVAL) > 0) ? MAX_INTERVAL : half;
	}

}
