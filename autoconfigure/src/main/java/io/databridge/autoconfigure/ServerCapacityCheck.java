package io.databridge.autoconfigure;

import java.time.Duration;

import io.databridge.error.DatabaseError;
import io.databridge.pool.DatabridgeConnectionPool;
import io.databridge.pool.PoolSettings;
import io.databridge.startup.CapacityCheck;
import io.r2dbc.spi.Connection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Compares, once the pool is open, how many connections it may open with how many the
 * server has room for: {@code max_connections}, less the slots reserved for superusers
 * ({@code superuser_reserved_connections}, and {@code reserved_connections} from
 * PostgreSQL 16), less the connections other clients hold. A pool whose maximum does not
 * fit fails with "too many connections" under load, long after startup, so this is said
 * at startup, with the numbers. Several instances of an application each run this check
 * against what the others already hold, so the last to start is the one told.
 * <p>
 * Not run behind a pooler, whose client connections are not server connections. A failure
 * to read the numbers is logged, and fails startup only when the check is set to fail.
 *
 * @author Databridge team
 */
final class ServerCapacityCheck {

	private static final Log logger = LogFactory.getLog(ServerCapacityCheck.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String QUERY = "SELECT current_setting('max_connections')::int, "
			+ "current_setting('superuser_reserved_connections')::int, "
			+ "coalesce(current_setting('reserved_connections', true), '0')::int, "
			+ "(SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend')";

	private ServerCapacityCheck() {
	}

	/**
	 * Runs the check on one of the pool's connections.
	 * @param pool the open pool
	 * @param settings the settings the pool was built from: what to do when it does not
	 * fit, and the property names the messages give
	 */
	static void run(DatabridgeConnectionPool pool, DatabridgeSettings settings) {
		CapacityCheck check = settings.startup().capacityCheck();
		if (check == CapacityCheck.OFF) {
			return;
		}
		Capacity capacity;
		try {
			capacity = Mono.usingWhen(pool.createUnobserved(), ServerCapacityCheck::read, Connection::close)
				.block(TIMEOUT);
		}
		catch (RuntimeException ex) {
			if (check == CapacityCheck.FAIL) {
				throw ex;
			}
			logger.warn("[" + settings.pool().name() + "] Could not read the server's connection limits ("
					+ DatabaseError.of(ex).describe() + "); the pool's maximum was not checked against them.");
			return;
		}
		if (capacity == null) {
			return;
		}
		PoolSettings limits = settings.pool();
		int own = pool.getState().open();
		int room = capacity.maxConnections() - capacity.reserved() - (capacity.inUse() - own);
		if (limits.maxSize() <= room) {
			return;
		}
		String size = settings.property("pool.size");
		String maxOverflow = settings.property("pool.max-overflow");
		String reason = "The pool may open " + limits.maxSize() + " connections (" + size + "=" + limits.size()
				+ " + max-overflow=" + limits.maxOverflow() + ") but PostgreSQL has room for " + room
				+ ": max_connections=" + capacity.maxConnections() + ", " + capacity.reserved()
				+ " reserved for superusers, " + (capacity.inUse() - own) + " held by other clients.";
		String action = "Lower " + size + " and " + maxOverflow + " so that, for N instances of "
				+ "the application, N x (size + max-overflow) stays within max_connections less the reserved "
				+ "slots; raise the server's max_connections; or put a pooler (PgBouncer in transaction mode, "
				+ "Neon's -pooler endpoint) in front and size the pool to it.";
		if (check == CapacityCheck.FAIL) {
			throw new InvalidDatabridgePropertyException(maxOverflow, limits.maxOverflow(), reason,
					action + " To only be warned, set " + settings.property("startup.capacity-check") + "=warn.");
		}
		logger.warn("[" + limits.name() + "] " + reason + " " + action);
	}

	private static Mono<Capacity> read(Connection connection) {
		return Flux.from(connection.createStatement(QUERY).execute())
			.concatMap((result) -> result.map((row, metadata) -> new Capacity(number(row.get(0)),
					number(row.get(1)) + number(row.get(2)), number(row.get(3)))))
			.single();
	}

	private static int number(Object value) {
		return (value instanceof Number number) ? number.intValue() : 0;
	}

	/**
	 * The server's connection numbers.
	 *
	 * @param maxConnections max_connections
	 * @param reserved the slots reserved for superusers and roles with
	 * pg_use_reserved_connections
	 * @param inUse the client connections open now, this pool's included
	 */
	private record Capacity(int maxConnections, int reserved, int inUse) {

	}

}
