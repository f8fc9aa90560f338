package io.databridge.pool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;

/**
 * Opens connections until the pool holds its core size again after connections were
 * closed. A refill starts shortly after it is asked for, so that a caller whose acquire
 * closed a stale connection opens its replacement itself and the refill finds nothing
 * left to do. One refill runs at a time; after a failed one, refills pause for a second
 * so that a server that is down is not hammered (callers waiting for a connection keep
 * trying on their own, with backoff).
 *
 * @author Databridge team
 */
final class PoolRefiller {

	private static final long PAUSE_AFTER_FAILURE_NANOS = Duration.ofSeconds(1).toNanos();

	private static final Duration DELAY = Duration.ofMillis(50);

	private final Mono<Integer> fill;

	private final AtomicBoolean running = new AtomicBoolean();

	private final AtomicBoolean stopped = new AtomicBoolean();

	private volatile long pausedUntilNanos = System.nanoTime();

	PoolRefiller(Mono<Integer> fill) {
		this.fill = fill;
	}

	/**
	 * Starts a refill unless one is running, refills are paused, or the pool is shutting
	 * down.
	 */
	void request() {
		if (this.stopped.get() || System.nanoTime() - this.pausedUntilNanos < 0
				|| !this.running.compareAndSet(false, true)) {
			return;
		}
		Mono.delay(DELAY).then(this.fill).subscribe(null, (ex) -> finished(true), () -> finished(false));
	}

	private void finished(boolean failed) {
		if (failed) {
			this.pausedUntilNanos = System.nanoTime() + PAUSE_AFTER_FAILURE_NANOS;
		}
		this.running.set(false);
	}

	/**
	 * Stops refilling for good.
	 */
	void stop() {
		this.stopped.set(true);
	}

}
