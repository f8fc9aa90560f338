package io.databridge.sample.pool;

import org.jspecify.annotations.Nullable;

/**
 * The pool at one moment, as the live page shows it.
 *
 * @param pool the pool's name
 * @param health the status of the {@code databridge} health indicator, such as {@code UP}
 * @param active connections handed out
 * @param idle connections open and waiting
 * @param pending callers waiting for a connection
 * @param size connections the pool keeps open
 * @param max most connections the pool opens
 * @param acquisitions connections handed out (or given up on) since startup
 * @param timeouts acquisitions that gave up since startup
 * @param queries statements run since startup
 * @param acquireMillis acquire-wait percentiles over the last 30 seconds, or {@code null}
 * when they are not configured
 * @author Databridge team
 */
public record PoolSnapshot(String pool, String health, int active, int idle, int pending, int size, int max,
		long acquisitions, long timeouts, long queries, @Nullable Percentiles acquireMillis) {

	/**
	 * Percentiles of a wait, in milliseconds.
	 *
	 * @param p50 the median
	 * @param p95 the 95th percentile
	 * @param p99 the 99th percentile
	 */
	public record Percentiles(double p50, double p95, double p99) {

	}

}
