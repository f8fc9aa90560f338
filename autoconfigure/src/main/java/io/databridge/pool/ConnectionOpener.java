package io.databridge.pool;

import java.util.function.Consumer;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Opens the connections of one pool, as reactor-pool asks for them.
 * <ul>
 * <li>Each attempt is reported to the pool's listener, with how long it took
 * ({@link TimedConnectionFactory}).</li>
 * <li>After the server refused a login, attempts are spaced out and one is tried at a
 * time ({@link LoginBackoff}).</li>
 * <li>An attempt runs from the event loop the connection is to live on, chosen by the
 * pool's {@link EventLoopPlacement}: Reactor Netty registers a connection opened from one
 * of its event loops on that same loop. Whoever asked for the connection (a warm-up after
 * the first connection, an acquire chained after a statement on another connection) does
 * not decide where it lives.</li>
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
	 * @param placement chooses the event loop of each connection
	 * @param listener told of each attempt
	 * @param opened told of each connection opened, before the pool holds it
	 * @return opens one connection per subscription
	 */
	static Mono<PoolEntry> opening(ConnectionFactory driver, PoolSettings settings, EventLoopPlacement placement,
			PoolListener listener, Consumer<PoolEntry> opened) {
		long maxLifetimeMillis = settings.maxLifetime().toMillis();
		Mono<Connection> attempt = Mono.from(new TimedConnectionFactory(driver, listener).create());
		return new LoginBackoff().guard(placed(attempt, placement, maxLifetimeMillis))
			.timeout(settings.acquireTimeout())
			.doOnNext(opened)
			.contextWrite(Context.of(ON_NEXT_DROPPED, (Consumer<Object>) ConnectionOpener::closeDropped,
					ON_ERROR_DROPPED, (Consumer<Throwable>) ConnectionOpener::failureDropped));
	}

	/**
	 * Makes each subscription to the attempt take a seat on an event loop and start from
	 * there. The seat passes to the entry, which leaves it when the connection closes (or
	 * when the entry is dropped, in {@link #closeDropped}).
	 */
	private static Mono<PoolEntry> placed(Mono<Connection> attempt, EventLoopPlacement placement,
			long maxLifetimeMillis) {
		return Mono.defer(() -> placement.take()
			.open(attempt, (connection, seat) -> new PoolEntry(connection, maxLifetimeMillis, seat)));
	}

	private static void failureDropped(Throwable error) {
		if (logger.isDebugEnabled()) {
			logger.debug("A connection attempt failed after nobody waited for it any more", error);
		}
	}

	private static void closeDropped(Object dropped) {
		if (dropped instanceof PoolEntry entry) {
			entry.closed();
			ConnectionClosing.closeQuietly(entry.connection()).subscribe();
		}
		else if (dropped instanceof Connection connection) {
			ConnectionClosing.closeQuietly(connection).subscribe();
		}
	}

}
