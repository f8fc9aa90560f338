package io.databridge.pool;

import java.time.Duration;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import reactor.core.publisher.Mono;

/**
 * Closes driver connections the pool is done with. A connection being closed is of no
 * further use either way, so failures are ignored and each step gives up after a few
 * seconds rather than holding up the pool.
 *
 * @author Databridge team
 */
final class ConnectionClosing {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private ConnectionClosing() {
	}

	/**
	 * Closes a driver connection, ignoring failures.
	 * @param connection the connection
	 * @return completes once closed or given up on
	 */
	static Mono<Void> closeQuietly(Connection connection) {
		return Mono.from(connection.close()).timeout(TIMEOUT).onErrorResume((ex) -> Mono.empty());
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
	 * Asks the server to cancel whatever the connection is running, ignoring failures.
	 * @param connection the connection
	 * @return completes once the server was asked or given up on
	 */
	static Mono<Void> cancelRequest(Connection connection) {
		return (connection instanceof PostgresqlConnection postgresql)
				? postgresql.cancelRequest().timeout(TIMEOUT).onErrorResume((ex) -> Mono.empty()) : Mono.empty();
	}

}
