package io.databridge.pool;

import java.util.function.Consumer;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * Opens the connections of one pool, as reactor-pool asks for them.
 * <ul>
 * <li>Each attempt is reported to the pool's listener, with how long it took
 * ({@link TimedConnectionFactory}).</li>
 * <li>After the server refused a login, attempts are spaced out and one is tried at a
 * time ({@link LoginBackoff}).</li>
 * <li>An attempt runs off the caller's thread: Reactor Netty registers a connection
 * opened from one of its event loops on that same loop, so connections opened from a
 * callback of another connection (a warm-up after the first connection, an acquire
 * chained after a statement) would all end up on one thread, and so on one core.</li>
 * <li>An attempt is bounded by the acquire timeout. This bounds the opening, not an
 * acquire (whose deadline {@link Acquire} owns): an opening that hangs would otherwise
 * hold one of the pool's places until the driver gives up, for whoever asks next.</li>
 * <li>A connection that arrives after its attempt was given up on is closed, and a late
 * failure is logged at debug level only, since the pool has counted the attempt as failed
 * already.</li>
 * </ul>
 *
 * @author Databridge team
 */
final class ConnectionOpener {

	/**
	 * Context key under which Reactor operators look up the hook for a value they drop
	 * after a cancellation.
	 */
	static final String ON_NEXT_DROPPED = "reactor.onNextDropped.local";

	/**
	 * Context key under which Reactor operators look up the hook for an error they drop
	 * after a cancellation.
	 */
	static final String ON_ERROR_DROPPED = "reactor.onErrorDropped.local";

	private static final Log logger = LogFactory.getLog(ConnectionOpener.class);

	private ConnectionOpener() {
	}

	/**
	 * Returns the {@link Mono} reactor-pool subscribes to for each connection it opens.
	 * @param driver the factory that opens new connections
	 * @param settings the pool settings
	 * @param listener told of each attempt
	 * @param opened told of each connection opened, before the pool holds it
	 * @return opens one connection per subscription
	 */
	static Mono<PoolEntry> opening(ConnectionFactory driver, PoolSettings settings, PoolListener listener,
			Consumer<PoolEntry> opened) {
		long maxLifetimeMillis = settings.maxLifetime().toMillis();
		return new LoginBackoff().guard(Mono.from(new TimedConnectionFactory(driver, listener).create()))
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(settings.acquireTimeout())
			.map((connection) -> {
				PoolEntry entry = new PoolEntry(connection, maxLifetimeMillis);
				opened.accept(entry);
				return entry;
			})
			.contextWrite(Context.of(ON_NEXT_DROPPED, (Consumer<Object>) ConnectionOpener::closeDropped,
					ON_ERROR_DROPPED, (Consumer<Throwable>) ConnectionOpener::failureDropped));
	}

	private static void failureDropped(Throwable error) {
		if (logger.isDebugEnabled()) {
			logger.debug("A connection attempt failed after nobody waited for it any more", error);
		}
	}

	private static void closeDropped(Object dropped) {
		if (dropped instanceof Connection connection) {
			ConnectionClosing.closeQuietly(connection).subscribe();
		}
	}

}
