package io.databridge.benchmarks.report;

import java.util.Arrays;
import java.util.List;

/**
 * One number across rounds: median, min and max, ignoring rounds that have no value.
 *
 * @param median the median
 * @param min the smallest
 * @param max the largest
 * @param count the rounds with a value
 * @author Databridge team
 */
public record Summary(double median, double min, double max, int count) {

	/**
	 * Summarizes values, NaN meaning no value.
	 * @param values the values of each round
	 * @return the summary, with NaN for every statistic when no round has a value
	 */
	public static Summary of(List<Double> values) {
		double[] sorted = values.stream()
			.mapToDouble(Double::doubleValue)
			.filter((v) -> !Double.isNaN(v))
			.sorted()
			.toArray();
		if (sorted.length == 0) {
			return new Summary(Double.NaN, Double.NaN, Double.NaN, 0);
		}
		int middle = sorted.length / 2;
		double median = (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
		return new Summary(median, sorted[0], sorted[sorted.length - 1], sorted.length);
	}

	/**
	 * Returns whether any round had a value.
	 * @return whether the statistics are numbers
	 */
	public boolean present() {
		return this.count > 0;
	}

	@Override
	public String toString() {
		return Arrays.toString(new double[] { this.median, this.min, this.max });
	}

}
