package io.databridge.pool;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.databridge.query.QueryInstrumentation;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.pool.InstrumentedPool;
import reactor.pool.PoolBuilder;
import reactor.pool.PoolConfig;
import reactor.util.context.Context;

/**
 * Builds a {@link DatabridgeConnectionPool} on reactor-pool, as {@link PoolSettings}
 * describe, reporting to the given listeners.
 * <p>
 * The mapping onto reactor-pool: up to {@code size + maxOverflow} connections, of which
 * {@code size} are opened by a {@link CoreSizeFill fill} and refilled after connections
 * close; {@code maxPending} waiting acquires; most-recently-used idle connections are
 * handed out first, so that overflow connections go idle and are closed. Idle eviction
 * and lifetime are decided by one eviction predicate
 * ({@link ConnectionEvictionPredicate}); opening a connection is bounded by the acquire
 * timeout, and spaced out after the server refused a login ({@link LoginBackoff}).
 *
 * @author Databridge team
 */
public final class ConnectionPoolFactory {

	private static final Duration MIN_EVICTION_INTERVAL = Duration.ofMillis(100);

	private static final Duration MAX_EVICTION_INTERVAL = Duration.ofSeconds(30);

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Context key under which Reactor operators look up the hook for a value they drop
	 * after a cancellation.
	 */
	static final String ON_NEXT_DROPPED = "reactor.onNextDropped.local";

	private static final String ON_ERROR_DROPPED = "reactor.onErrorDropped.local";

	private static final Log logger = LogFactory.getLog(ConnectionPoolFactory.class);

	private ConnectionPoolFactory() {
	}

	/**
	 * Creates a pool without listeners or instrumentation.
	 * @param driver the factory that opens new connections
	 * @param settings the pool settings
	 * @return the pool, not yet warmed up
	 */
	public static DatabridgeConnectionPool create(ConnectionFactory driver, PoolSettings settings) {
		return create(driver, settings, List.of(), QueryInstrumentation.NONE);
	}

	/**
	 * Creates a pool for the given settings.
	 * @param driver the factory that opens new connections
	 * @param settings the pool settings
	 * @param listeners told of acquisitions, releases and connections opened and closed
	 * @param instrumentation instruments the statements of the connections handed out
	 * @return the pool, not yet warmed up
	 */
	public static DatabridgeConnectionPool create(ConnectionFactory driver, PoolSettings settings,
			List<? extends PoolListener> listeners, QueryInstrumentation instrumentation) {
		LastFailureTracker failures = new LastFailureTracker(Clock.systemUTC());
		List<PoolListener> all = new ArrayList<>(listeners);
		all.add(failures);
		PoolListener listener = new PoolListeners(all);
		Set<PoolEntry> entries = ConcurrentHashMap.newKeySet();
		AtomicReference<@Nullable InstrumentedPool<PoolEntry>> reference = new AtomicReference<>();
		PoolRefiller refiller = new PoolRefiller(
				Mono.defer(() -> fill(reference.get(), settings.size(), settings.acquireTimeout())));
		ConnectionEvictionPredicate eviction = new ConnectionEvictionPredicate(settings, () -> entries.size(),
				listener);
		long maxLifetimeMillis = settings.maxLifetime().toMillis();
		// Opened off the caller's thread: Reactor Netty registers a connection opened
		// from one of its event loops on that same loop, so connections opened from a
		// callback of another connection (a warm-up after the first connection, an
		// acquire chained after a statement) would all end up on one thread, and so on
		// one core.
		Mono<PoolEntry> allocator = new LoginBackoff()
			.guard(Mono.from(new TimedConnectionFactory(driver, listener).create()))
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(settings.acquireTimeout())
			.map((connection) -> {
				PoolEntry entry = new PoolEntry(connection, maxLifetimeMillis);
				entries.add(entry);
				return entry;
			})
			.contextWrite(Context.of(ON_NEXT_DROPPED, (Consumer<Object>) ConnectionPoolFactory::closeDropped,
					ON_ERROR_DROPPED, (Consumer<Throwable>) ConnectionPoolFactory::failureDropped));
		PoolBuilder<PoolEntry, PoolConfig<PoolEntry>> builder = PoolBuilder.from(allocator)
			.allocationStrategy(new CoreSizeAllocationStrategy(settings.size(), settings.maxSize()))
			.evictionPredicate(eviction)
			.evictInBackground(evictionInterval(settings.idleTimeout()))
			.destroyHandler((entry) -> {
				entries.remove(entry);
				refiller.request();
				return closeQuietly(entry.connection());
			})
			.idleResourceReuseMruOrder();
		if (settings.maxPending() >= 0) {
			builder.maxPendingAcquire(settings.maxPending());
		}
		InstrumentedPool<PoolEntry> pool = builder.buildPool();
		reference.set(pool);
		long period = evictionInterval(settings.idleTimeout()).toMillis();
		Disposable housekeeping = Schedulers.parallel()
			.schedulePeriodically(refiller::request, period, period, TimeUnit.MILLISECONDS);
		return new DatabridgeConnectionPool(new DatabridgeConnectionPool.PoolParts(pool, settings, listener, failures,
				driver.getMetadata(), entries, refiller, housekeeping), instrumentation);
	}

	/**
	 * Takes a failure to open a connection that nobody waits for any more, such as one
	 * that came after the allocation timed out: the pool has already counted the attempt
	 * as failed, so the late error is only worth a debug line, not the stack trace
	 * Reactor logs at ERROR by default.
	 * @param error the late failure
	 */
	private static void failureDropped(Throwable error) {
		if (logger.isDebugEnabled()) {
			logger.debug("A connection attempt failed after nobody waited for it any more", error);
		}
	}

	private static void closeDropped(Object dropped) {
		if (dropped instanceof Connection connection) {
			closeQuietly(connection).subscribe();
		}
	}

	private static Mono<Integer> fill(@Nullable InstrumentedPool<PoolEntry> pool, int size, Duration timeout) {
		return (pool != null) ? CoreSizeFill.of(pool, size, timeout) : Mono.just(0);
	}

	/**
	 * Closes a driver connection, ignoring failures and giving up after a few seconds: a
	 * connection being closed is of no further use either way.
	 * @param connection the connection
	 * @return completes once closed or given up on
	 */
	static Mono<Void> closeQuietly(Connection connection) {
		return Mono.from(connection.close()).timeout(CLOSE_TIMEOUT).onErrorResume((ex) -> Mono.empty());
	}

	/**
	 * Asks the server to cancel whatever the connection is running, then closes it, so
	 * that the server's backend ends now rather than when its statement does.
	 * @param connection the connection
	 * @return completes once closed or given up on
	 */
	static Mono<Void> cancelAndClose(Connection connection) {
		return cancelRequest(connection).then(closeQuietly(connection));
	}

	/**
	 * Asks the server to cancel whatever the connection is running, ignoring failures and
	 * giving up after a few seconds.
	 * @param connection the connection
	 * @return completes once the server was asked or given up on
	 */
	static Mono<Void> cancelRequest(Connection connection) {
		return (connection instanceof PostgresqlConnection postgresql)
				? postgresql.cancelRequest().timeout(CLOSE_TIMEOUT).onErrorResume((ex) -> Mono.empty()) : Mono.empty();
	}

	private static Duration evictionInterval(Duration idleTimeout) {
		Duration half = idleTimeout.dividedBy(2);
		if (half.compareTo(MIN_EVICTION_INTERVAL) < 0) {
			return MIN_EVICTION_INTERVAL;
		}
		return (half.compareTo(MAX_EVICTION_INTERVAL) > 0) ? MAX_EVICTION_INTERVAL : half;
	}

}
