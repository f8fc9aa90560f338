package io.databridge.pool;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the n-th delay is drawn between half and all of
 * {@code initial * 2^n}, capped at {@code max}, so that many callers retrying together
 * spread out instead of hitting a recovering server at the same instant.
 *
 * @param initial the first delay before jitter
 * @param max the largest delay before jitter
 * @author Databridge team
 */
public record RetryBackoff(Duration initial, Duration max) {

	/**
	 * The backoff used between attempts to open a connection while a caller waits: 25ms
	 * doubling up to 500ms, so that a recovered server is noticed within about half a
	 * second.
	 */
	public static final RetryBackoff ACQUIRE = new RetryBackoff(Duration.ofMillis(25), Duration.ofMillis(500));

	/**
	 * Returns the delay before the given retry.
	 * @param retry the number of retries made so far, from 0
	 * @return the delay
	 */
	public Duration delay(long retry) {
		double grown = this.initial.toNanos() * Math.pow(2, Math.min(retry, 62));
		long ceiling = (long) Math.min(this.max.toNanos(), grown);
		long half = ceiling / 2;
		return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(half + 1));
	}

}
