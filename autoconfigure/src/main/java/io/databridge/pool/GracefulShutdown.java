package io.databridge.pool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A pool's shutdown in two steps: first it stops handing out connections, then it waits,
 * up to a timeout, for the connections in use to come back.
 * <p>
 * The wait reads the pool's own count of connections in use rather than counting
 * acquisitions on the side: a count kept beside the pool drifts when a caller cancels
 * just as its connection is delivered, and a drifted count either never reaches zero or
 * loses a connection.
 *
 * @author Databridge team
 */
final class GracefulShutdown {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

	private final AtomicBoolean closing = new AtomicBoolean();

	private final IntSupplier inUse;

	/**
	 * Creates a shutdown over the given count of connections in use.
	 * @param inUse reads how many connections are checked out
	 */
	GracefulShutdown(IntSupplier inUse) {
		this.inUse = inUse;
	}

	/**
	 * Stops handing out connections.
	 */
	void begin() {
		this.closing.set(true);
	}

	/**
	 * Tells whether the shutdown has begun.
	 * @return whether connections are no longer handed out
	 */
	boolean hasBegun() {
		return this.closing.get();
	}

	/**
	 * Waits for every connection in use to come back.
	 * @param timeout how long to wait at most
	 * @return {@code true} once every connection came back, or {@code false} when the
	 * timeout passed first
	 */
	Mono<Boolean> awaitReturns(Duration timeout) {
		if (this.inUse.getAsInt() == 0) {
			return Mono.just(true);
		}
		if (timeout.isZero() || timeout.isNegative()) {
			return Mono.just(false);
		}
		return Flux.interval(POLL_INTERVAL)
			.filter((tick) -> this.inUse.getAsInt() == 0)
			.next()
			.map((tick) -> true)
			.timeout(timeout, Mono.just(false));
	}

}
