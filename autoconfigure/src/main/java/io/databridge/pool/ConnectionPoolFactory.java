package io.databridge.pool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;

/**
 * Builds an r2dbc-pool {@link ConnectionPool} that behaves as {@link PoolSettings}
 * describe.
 * <p>
 * The mapping onto r2dbc-pool: {@code size} is both {@code initialSize} and
 * {@code minIdle}; {@code size + maxOverflow} is {@code maxSize}; {@code acquireTimeout}
 * bounds both {@code maxAcquireTime} and {@code maxCreateConnectionTime}. Idle eviction
 * and lifetime are handed to reactor-pool directly: an eviction predicate closes only
 * overflow connections that are idle, and {@code maxLifetime} is applied with
 * {@value PoolSettings#LIFETIME_VARIANCE_PERCENT}% jitter.
 *
 * @author Databridge team
 */
public final class ConnectionPoolFactory {

	private static final Duration MIN_EVICTION_INTERVAL = Duration.ofMillis(100);

	private static final Duration MAX_EVICTION_INTERVAL = Duration.ofSeconds(30);

	private ConnectionPoolFactory() {
	}

	/**
	 * Creates a pool configuration builder for the given settings.
	 * @param connectionFactory the factory that opens new connections
	 * @param settings the pool settings
	 * @param pool receives the built pool, so that eviction can read its size
	 * @return a builder that can be customized further before it is built
	 */
	private static ConnectionPoolConfiguration.Builder toBuilder(ConnectionFactory connectionFactory,
			PoolSettings settings, AtomicReference<ConnectionPool> pool) {
		OverflowEvictionPredicate eviction = new OverflowEvictionPredicate(settings.size(), settings.idleTimeout(),
				() -> allocated(pool.get()));
		return ConnectionPoolConfiguration.builder(connectionFactory)
			.name(settings.name())
			.initialSize(settings.size())
			.minIdle(settings.size())
			.maxSize(settings.maxSize())
			.maxAcquireTime(settings.acquireTimeout())
			.maxCreateConnectionTime(settings.acquireTimeout())
			.maxIdleTime(settings.idleTimeout())
			.backgroundEvictionInterval(evictionInterval(settings.idleTimeout()))
			.customizer((builder) -> builder.evictionPredicate(eviction)
				.maxLifeTime(settings.maxLifetime())
				.maxLifeTimeVariance(PoolSettings.LIFETIME_VARIANCE_PERCENT));
	}

	/**
	 * Creates a pool for the given settings.
	 * @param connectionFactory the factory that opens new connections
	 * @param settings the pool settings
	 * @param customizer adjusts the pool configuration before it is built
	 * @return the pool, not yet warmed up
	 */
	public static ConnectionPool create(ConnectionFactory connectionFactory, PoolSettings settings,
			Consumer<ConnectionPoolConfiguration.Builder> customizer) {
		AtomicReference<ConnectionPool> reference = new AtomicReference<>();
		ConnectionPoolConfiguration.Builder builder = toBuilder(connectionFactory, settings, reference);
		customizer.accept(builder);
		ConnectionPool pool = new ConnectionPool(builder.build());
		reference.set(pool);
		return pool;
	}

	private static int allocated(@Nullable ConnectionPool pool) {
		return (pool != null) ? pool.getMetrics().map(PoolMetrics::allocatedSize).orElse(0) : 0;
	}

	private static Duration evictionInterval(Duration idleTimeout) {
		Duration half = idleTimeout.dividedBy(2);
		if (half.compareTo(MIN_EVICTION_INTERVAL) < 0) {
			return MIN_EVICTION_INTERVAL;
		}
		return (half.compareTo(MAX_EVICTION_INTERVAL) > 0) ? MAX_EVICTION_INTERVAL : half;
	}

}
