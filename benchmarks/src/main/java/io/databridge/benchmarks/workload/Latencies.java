package io.databridge.benchmarks.workload;

import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * Reads percentiles from a histogram of nanoseconds into a measurement, in milliseconds.
 *
 * @author Databridge team
 */
final class Latencies {

	private Latencies() {
	}

	static void put(Map<String, Double> measurement, String prefix, Histogram nanos) {
		measurement.put(prefix + "p50", millis(nanos, 50));
		measurement.put(prefix + "p99", millis(nanos, 99));
		measurement.put(prefix + "max", (nanos.getTotalCount() > 0) ? nanos.getMaxValue() / 1e6 : Double.NaN);
	}

	private static double millis(Histogram nanos, double percentile) {
		return (nanos.getTotalCount() > 0) ? nanos.getValueAtPercentile(percentile) / 1e6 : Double.NaN;
	}

}
