package io.databridge.benchmarks.load;

import java.util.Arrays;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * What one closed-loop run measured.
 *
 * @param completed operations that succeeded within the time
 * @param failed operations that failed within the time
 * @param elapsedNanos the time operations were started for
 * @param latencies latencies of the successful operations, in nanoseconds
 * @param values numbers the successful operations completed with, such as their wait for
 * a connection, in nanoseconds
 * @param perCaller successful operations per caller
 * @param stalled callers whose last operation had not completed 30 seconds after the end
 * @param firstFailure the first failure, for the log
 * @author Databridge team
 */
public record LoadResult(long completed, long failed, long elapsedNanos, Histogram latencies, Histogram values,
		long[] perCaller, int stalled, @Nullable String firstFailure) {

	/**
	 * Returns the successful operations per second.
	 * @return the throughput
	 */
	public double throughput() {
		return this.completed / (this.elapsedNanos / 1e9);
	}

	/**
	 * Returns the fewest, median and most operations a caller completed.
	 * @return three counts
	 */
	public long[] callerSpread() {
		long[] sorted = this.perCaller.clone();
		Arrays.sort(sorted);
		return new long[] { sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1] };
	}

}
