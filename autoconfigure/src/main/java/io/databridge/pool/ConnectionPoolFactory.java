package io.databridge.pool;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.databridge.query.QueryInstrumentation;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link DatabridgeConnectionPool}: an r2dbc-pool {@link ConnectionPool} that
 * behaves as {@link PoolSettings} describe, reporting to the given listeners.
 * <p>
 * The mapping onto r2dbc-pool: {@code size} is both {@code initialSize} and
 * {@code minIdle}; {@code size + maxOverflow} is {@code maxSize}; {@code acquireTimeout}
 * bounds both {@code maxAcquireTime} and {@code maxCreateConnectionTime}. Idle eviction
 * and lifetime are decided by one reactor-pool eviction predicate
 * ({@link ConnectionEvictionPredicate}): it closes overflow connections that are idle and
 * connections past their lifetime, less up to
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
	 * Creates a pool without listeners or instrumentation.
	 * @param driver the factory that opens new connections
	 * @param settings the pool settings
	 * @return the pool, not yet warmed up
	 */
	public static DatabridgeConnectionPool create(ConnectionFactory driver, PoolSettings settings) {
		return create(driver, settings, List.of(), QueryInstrumentation.NONE, (builder) -> {
		});
	}

	/**
	 * Creates a pool for the given settings.
	 * @param driver the factory that opens new connections
	 * @param settings the pool settings
	 * @param listeners told of acquisitions, releases and connections opened and closed
	 * @param instrumentation instruments the statements of the connections handed out
	 * @param customizer adjusts the pool configuration before it is built
	 * @return the pool, not yet warmed up
	 */
	public static DatabridgeConnectionPool create(ConnectionFactory driver, PoolSettings settings,
			List<? extends PoolListener> listeners, QueryInstrumentation instrumentation,
			Consumer<ConnectionPoolConfiguration.Builder> customizer) {
		LastFailureTracker failures = new LastFailureTracker(Clock.systemUTC());
		List<PoolListener> all = new ArrayList<>(listeners);
		all.add(failures);
		PoolListener listener = new PoolListeners(all);
		AtomicReference<ConnectionPool> reference = new AtomicReference<>();
		ConnectionPoolConfiguration.Builder builder = toBuilder(new TimedConnectionFactory(driver, listener), settings,
				new ConnectionEvictionPredicate(settings, () -> allocated(reference.get()), listener));
		customizer.accept(builder);
		ConnectionPool pool = new ConnectionPool(builder.build());
		reference.set(pool);
		return new DatabridgeConnectionPool(pool, settings, listener, failures, instrumentation);
	}

	private static ConnectionPoolConfiguration.Builder toBuilder(ConnectionFactory connectionFactory,
			PoolSettings settings, ConnectionEvictionPredicate eviction) {
		return ConnectionPoolConfiguration.builder(connectionFactory)
			.name(settings.name())
			.initialSize(settings.size())
			.minIdle(settings.size())
			.maxSize(settings.maxSize())
			.maxAcquireTime(settings.acquireTimeout())
			.maxCreateConnectionTime(settings.acquireTimeout())
			.maxIdleTime(settings.idleTimeout())
			.backgroundEvictionInterval(evictionInterval(settings.idleTimeout()))
			.customizer((pool) -> pool.evictionPredicate(eviction));
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
