package io.databridge.pool;

import java.time.Duration;
import java.util.concurrent.Callable;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ValidationDepth;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Checks a pooled connection before it is handed out, as the {@link ValidationMode
 * validation mode} says: a local check of the socket costs nothing, a ping costs a round
 * trip and is bounded by the validation timeout.
 *
 * @author Databridge team
 */
final class ConnectionValidator {

	private final ValidationMode mode;

	private final long intervalNanos;

	private final PoolSettings settings;

	private final boolean writableOnly;

	/**
	 * Creates a validator.
	 * @param settings the pool settings
	 * @param writableOnly whether a connection is usable only while its server accepts
	 * writes, which a round-trip check then asks
	 */
	ConnectionValidator(PoolSettings settings, boolean writableOnly) {
		this.mode = settings.validation();
		this.intervalNanos = settings.validationInterval().toNanos();
		this.settings = settings;
		this.writableOnly = writableOnly;
	}

	/**
	 * Returns the check the given connection needs now.
	 * @param entry the connection about to be handed out
	 * @param now the current {@link System#nanoTime() time}
	 * @return whether the connection is usable, never an error; {@code null} when no
	 * check is needed
	 */
	@Nullable Mono<Boolean> check(PoolEntry entry, long now) {
		return switch (this.mode) {
			case NEVER -> null;
			case ALWAYS -> ping(entry);
			case IDLE -> (entry.idleNanos(now) >= this.intervalNanos) ? ping(entry) : local(entry);
		};
	}

	private Mono<Boolean> local(PoolEntry entry) {
		return Mono.from(entry.connection().validate(ValidationDepth.LOCAL));
	}

	private Mono<Boolean> ping(PoolEntry entry) {
		return this.writableOnly ? acceptsWrites(entry.connection(), this.settings.validationTimeout())
				: ping(entry.connection(), this.settings.validationTimeout());
	}

	/**
	 * Asks the server of a connection whether it accepts writes: one round trip, like a
	 * ping, that also finds a server made read-only or demoted to a standby.
	 * @param connection the connection
	 * @param timeout how long the answer may take
	 * @return whether the server answered in time that it accepts writes, never an error
	 */
	static Mono<Boolean> acceptsWrites(Connection connection, Duration timeout) {
		return Flux.from(connection.createStatement("SHOW transaction_read_only").execute())
			.concatMap((result) -> result.map((row, metadata) -> "off".equals(row.get(0, String.class))))
			.reduce(Boolean::logicalAnd)
			.defaultIfEmpty(false)
			.timeout(timeout, Mono.just(false))
			.onErrorReturn(false);
	}

	/**
	 * Pings a connection with a round trip to the server.
	 * @param connection the connection
	 * @param timeout how long the answer may take
	 * @return whether the server answered in time, never an error
	 */
	static Mono<Boolean> ping(Connection connection, Duration timeout) {
		return Mono.from(connection.validate(ValidationDepth.REMOTE))
			.timeout(timeout, Mono.just(false))
			.onErrorReturn(false);
	}

	/**
	 * Reads a check's answer without subscribing, when the driver computes it on the spot
	 * (as r2dbc-postgresql does for a local check, from the socket's state).
	 * @param check the check
	 * @return the answer, with a failure read as {@code false}, or {@code null} when the
	 * check has to be subscribed to
	 */
	static @Nullable Boolean now(Mono<Boolean> check) {
		if (!(check instanceof Callable<?> callable)) {
			return null;
		}
		try {
			return Boolean.TRUE.equals(callable.call());
		}
		catch (Exception ex) {
			return false;
		}
	}

}
